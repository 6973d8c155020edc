// Strict standard base64 (RFC 4648, "+/" alphabet, "=" padding) for sealed values and key text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hsd::engine::detail {

std::string base64_encode(std::string_view bytes);

// Returns nothing for text with characters outside the alphabet or a malformed length;
// missing trailing padding is accepted.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace hsd::engine::detail
