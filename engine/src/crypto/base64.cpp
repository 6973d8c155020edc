#include "base64.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <iterator>
#include <sstream>

namespace hsd::engine::detail {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);  // Poco breaks lines every 72 characters by default
  encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

std::optional<std::string> base64_decode(std::string_view text) {
  // Poco skips whitespace and drops a dangling last character; refuse both here.
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1 || text.find_first_not_of(kAlphabet) != std::string_view::npos) return std::nullopt;
  std::istringstream in{std::string(text)};
  Poco::Base64Decoder decoder(in, Poco::BASE64_NO_PADDING);
  try {
    std::string out{std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>()};
    return out;
  } catch (const Poco::DataFormatException&) {
    return std::nullopt;
  }
}

}  // namespace hsd::engine::detail
