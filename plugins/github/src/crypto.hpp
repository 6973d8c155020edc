// The few cryptographic pieces the plugin needs: random bytes from the kernel's CSPRNG, and
// over Poco SHA-256, base64 and base64url without padding (RFC 7636's encoding).
#pragma once

#include <string>
#include <string_view>

namespace hsd::plugins::github {

/** count bytes from the kernel's CSPRNG (getrandom); throws when it fails. */
std::string random_bytes(size_t count);

/** The raw 32-byte SHA-256 digest of data. */
std::string sha256(std::string_view data);

/** The SHA-256 digest of data as 64 lower-case hex digits. */
std::string sha256_hex(std::string_view data);

/** Standard base64 with padding, on one line (HTTP Basic credentials). */
std::string base64(std::string_view data);

/** base64url (RFC 4648 section 5) without '=' padding. */
std::string base64url(std::string_view data);

}  // namespace hsd::plugins::github
