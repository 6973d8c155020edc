// Where the sealing key comes from: HSD_SECRET_KEY, or a key file created on first start.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "hsd/engine/result.hpp"

namespace hsd::engine::detail {

inline constexpr std::size_t kKeySize = 32;

// 64 hex digits or base64 of 32 bytes; anything else is an error naming HSD_SECRET_KEY
// (never the value).
Result<std::string> parse_env_key(std::string_view text);

// Reads the key file (base64 text of 32 bytes), or creates it with fresh random bytes and mode
// 0600, its missing parent folders with 0700. Creation is atomic (a temporary file linked into
// place), so a concurrent start never reads a half-written key and never overwrites one.
Result<std::string> read_or_create_key_file(const std::filesystem::path& path);

}  // namespace hsd::engine::detail
