// Strict standard base64 (RFC 4648, "+/" alphabet, "=" padding) for sealed values and key text,
// over Poco's codec. Strict because a sealed value or a key that only decodes after skipping
// characters was damaged, and should be reported rather than half read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hsd::engine::detail {

// Padded, on one line.
std::string base64_encode(std::string_view bytes);

// Returns nothing for text with characters outside the alphabet (whitespace included) or a
// malformed length; missing trailing padding is accepted.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace hsd::engine::detail
