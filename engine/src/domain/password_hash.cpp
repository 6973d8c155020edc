#include "password_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include "crypto/base64.hpp"
#include "secret_tokens.hpp"

namespace hsd::engine {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;
// Bounds on stored parameters, so that a damaged or hostile row cannot make verification
// allocate gigabytes: 2^20 at r=8 is 1 GiB, far above anything this file writes.
constexpr int kMaxLog2N = 20;
constexpr int kMaxR = 32;
constexpr int kMaxP = 16;

std::string unpadded_base64(std::string_view bytes) {
  std::string text = detail::base64_encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::optional<std::string> derive(std::string_view password, std::string_view salt, const ScryptParams& params,
                                  std::size_t key_size) {
  std::string key(key_size, '\0');
  const std::uint64_t n = std::uint64_t{1} << params.log2_n;
  // scrypt needs 128 * r * N bytes (plus p blocks); allow twice that so OpenSSL's own 32 MiB
  // default cap does not refuse the parameters above.
  const std::uint64_t max_mem = 2 * (128 * static_cast<std::uint64_t>(params.r) * (n + static_cast<std::uint64_t>(params.p)));
  if (EVP_PBE_scrypt(password.data(), password.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                     salt.size(), n, static_cast<std::uint64_t>(params.r), static_cast<std::uint64_t>(params.p),
                     max_mem, reinterpret_cast<unsigned char*>(key.data()), key.size()) != 1) {
    return std::nullopt;
  }
  return key;
}

std::optional<int> read_int(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct ParsedHash {
  ScryptParams params;
  std::string salt;
  std::string key;
};

// "$scrypt$ln=15,r=8,p=1$<salt>$<key>"
std::optional<ParsedHash> parse(std::string_view stored) {
  static constexpr std::string_view kPrefix = "$scrypt$";
  if (!stored.starts_with(kPrefix)) return std::nullopt;
  stored.remove_prefix(kPrefix.size());
  const auto params_end = stored.find('$');
  if (params_end == std::string_view::npos) return std::nullopt;
  const auto salt_end = stored.find('$', params_end + 1);
  if (salt_end == std::string_view::npos) return std::nullopt;
  ParsedHash parsed;
  std::string_view params = stored.substr(0, params_end);
  int seen = 0;
  while (!params.empty()) {
    const auto comma = params.find(',');
    const std::string_view item = params.substr(0, comma);
    params = comma == std::string_view::npos ? std::string_view() : params.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    auto value = read_int(item.substr(eq + 1));
    if (!value) return std::nullopt;
    const std::string_view name = item.substr(0, eq);
    if (name == "ln") parsed.params.log2_n = *value, seen |= 1;
    else if (name == "r") parsed.params.r = *value, seen |= 2;
    else if (name == "p") parsed.params.p = *value, seen |= 4;
    else return std::nullopt;
  }
  if (seen != 7) return std::nullopt;
  if (parsed.params.log2_n < 1 || parsed.params.log2_n > kMaxLog2N || parsed.params.r < 1 ||
      parsed.params.r > kMaxR || parsed.params.p < 1 || parsed.params.p > kMaxP) {
    return std::nullopt;
  }
  auto salt = detail::base64_decode(stored.substr(params_end + 1, salt_end - params_end - 1));
  auto key = detail::base64_decode(stored.substr(salt_end + 1));
  if (!salt || !key || salt->empty() || key->size() < 16) return std::nullopt;
  parsed.salt = std::move(*salt);
  parsed.key = std::move(*key);
  return parsed;
}

}  // namespace

std::string hash_password(std::string_view password, const ScryptParams& params) {
  const std::string salt = random_bytes(kSaltBytes);
  auto key = derive(password, salt, params, kKeyBytes);
  if (!key) throw std::runtime_error("scrypt failed (out of memory?)");
  return "$scrypt$ln=" + std::to_string(params.log2_n) + ",r=" + std::to_string(params.r) +
         ",p=" + std::to_string(params.p) + "$" + unpadded_base64(salt) + "$" + unpadded_base64(*key);
}

bool verify_password(std::string_view password, std::string_view stored) {
  auto parsed = parse(stored);
  if (!parsed) return false;
  auto key = derive(password, parsed->salt, parsed->params, parsed->key.size());
  if (!key) return false;
  return constant_time_equal(*key, parsed->key);
}

const std::string& dummy_password_hash() {
  static const std::string hash = hash_password(random_hex(32));
  return hash;
}

}  // namespace hsd::engine
