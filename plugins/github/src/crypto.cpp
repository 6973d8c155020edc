#include "crypto.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <sys/random.h>

#include <cerrno>
#include <sstream>
#include <stdexcept>

namespace hsd::plugins::github {

std::string random_bytes(size_t count) {
  // getrandom(2) straight from the kernel's CSPRNG: Poco::RandomInputStream quietly falls back
  // to a time-seeded generator when /dev/urandom cannot be opened, which a PKCE verifier must
  // never be made from. A failure here is an exception, i.e. HSD_ERR_INTERNAL for the call.
  std::string out(count, '\0');
  size_t filled = 0;
  while (filled < count) {
    const ssize_t got = getrandom(out.data() + filled, count - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw std::runtime_error("the system's random source failed");
    filled += static_cast<size_t>(got);
  }
  return out;
}

std::string sha256(std::string_view data) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(data.data(), static_cast<unsigned>(data.size()));
  const auto& digest = engine.digest();
  return std::string(digest.begin(), digest.end());
}

std::string sha256_hex(std::string_view data) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : sha256(data)) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

namespace {

std::string encode(std::string_view data, int options) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, options);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(data.data(), static_cast<std::streamsize>(data.size()));
  encoder.close();
  return out.str();
}

}  // namespace

std::string base64(std::string_view data) { return encode(data, 0); }

std::string base64url(std::string_view data) {
  return encode(data, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
}

}  // namespace hsd::plugins::github
