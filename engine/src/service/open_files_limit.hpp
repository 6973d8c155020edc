// The process's open-files limit: every connection is a file descriptor, and a fresh Debian 12
// starts services at a soft limit of 1,024, far below the hard limit it allows.
#pragma once

#include <cstdint>

namespace hsd::engine::service {

// Raises the soft RLIMIT_NOFILE to the hard limit (capped at what the kernel accepts) and
// returns the soft limit now in force; 0 when it cannot be read.
std::uint64_t raise_open_files_limit();

}  // namespace hsd::engine::service
