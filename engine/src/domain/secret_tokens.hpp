// Random secrets and their stored form: API tokens and OAuth states are 256-bit random values
// kept only as SHA-256 hashes, so a reader of the database cannot use them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// bytes random bytes from the OS's CSPRNG; throws std::runtime_error when it fails.
std::string random_bytes(std::size_t bytes);
// bytes random bytes from the OS's CSPRNG, as lower-case hex.
std::string random_hex(std::size_t bytes);
// bytes random bytes from the OS's CSPRNG, as unpadded base64url (safe in a cookie or a URL).
std::string random_base64url(std::size_t bytes);
std::string sha256_hex(std::string_view text);
// Compares in time that depends only on the lengths, so a caller cannot learn a prefix.
bool constant_time_equal(std::string_view a, std::string_view b);

// The row of `entity` whose token_hash is the SHA-256 of token, or a null pointer when there is
// none. The lookup is by hash; the stored hash is compared again in constant time, in case a
// storage matched loosely.
Result<JsonObject> find_by_token_hash(Session& session, std::string_view entity, std::string_view token);

}  // namespace hsd::engine
