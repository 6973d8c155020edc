#include "open_files_limit.hpp"

#include <sys/resource.h>

#include <fstream>

namespace hsd::engine::service {
namespace {

// RLIM_INFINITY cannot be a soft limit for files: the kernel refuses anything above nr_open.
rlim_t kernel_file_ceiling() {
  std::ifstream in("/proc/sys/fs/nr_open");
  rlim_t value = 0;
  if (in >> value && value > 0) return value;
  return 1 << 20;
}

}  // namespace

std::uint64_t raise_open_files_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? kernel_file_ceiling() : limit.rlim_max;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    rlimit raised = limit;
    raised.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return static_cast<std::uint64_t>(limit.rlim_cur);
}

}  // namespace hsd::engine::service
