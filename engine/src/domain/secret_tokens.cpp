#include "secret_tokens.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "crypto/base64.hpp"

namespace hsd::engine {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string random_bytes(std::size_t bytes) {
  std::string buffer(bytes, '\0');
  // A secret must never come from a weak generator: without entropy there is no token.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buffer.data()), static_cast<int>(buffer.size())) != 1) {
    throw std::runtime_error("the OS random generator failed");
  }
  return buffer;
}

std::string random_hex(std::size_t bytes) {
  const std::string buffer = random_bytes(bytes);
  return to_hex(reinterpret_cast<const unsigned char*>(buffer.data()), buffer.size());
}

std::string random_base64url(std::size_t bytes) {
  // base64 with the URL-safe alphabet (RFC 4648 section 5) and no padding.
  std::string out = detail::base64_encode(random_bytes(bytes));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  return to_hex(digest, size);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<JsonObject> find_by_token_hash(Session& session, std::string_view entity, std::string_view token) {
  const std::string hash = sha256_hex(token);
  Query query;
  query.where.set("token_hash", hash);
  auto rows = session.find(entity, query);
  if (!rows) return rows.error();
  if (rows->empty() || !constant_time_equal(rows->front()->getValue<std::string>("token_hash"), hash)) {
    return JsonObject();
  }
  return rows->front();
}

}  // namespace hsd::engine
