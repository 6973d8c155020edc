// AES-256-GCM sealing. Layout of a sealed value (before base64): nonce (12) || ciphertext ||
// tag (16). A fresh random nonce per seal keeps (key, nonce) pairs unique: with 96-bit random
// nonces the collision risk stays negligible far beyond the number of secrets we will seal.
#include "hsd/engine/sealer.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "base64.hpp"
#include "key_file.hpp"

namespace hsd::engine {
namespace {

constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() { return CipherContext(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free); }

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}
unsigned char* bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

Error cipher_failure(const char* what) {
  return make_error(ErrorCode::internal, std::string("AES-256-GCM ") + what + " failed");
}

Error does_not_open() {
  return make_error(ErrorCode::unauthenticated,
                    "sealed value does not open: wrong key, tampered data, or it belongs to "
                    "another record");
}

// OpenSSL takes int lengths; values this large are never secrets.
bool fits_int(std::size_t size) { return size <= static_cast<std::size_t>(INT32_MAX - 64); }

}  // namespace

Sealer::~Sealer() {
  if (!key_.empty()) OPENSSL_cleanse(key_.data(), key_.size());
}

Result<Sealer> Sealer::from_key(std::string_view raw_32_bytes) {
  if (raw_32_bytes.size() != detail::kKeySize) {
    return make_error(ErrorCode::invalid_argument, "a sealing key must be exactly 32 bytes, got " +
                                                       std::to_string(raw_32_bytes.size()));
  }
  return Sealer(std::string(raw_32_bytes));
}

Result<Sealer> Sealer::open(std::string_view env_key, const std::filesystem::path& key_file) {
  auto key =
      env_key.empty() ? detail::read_or_create_key_file(key_file) : detail::parse_env_key(env_key);
  if (!key) return key.error();
  Sealer sealer(std::move(*key));
  return sealer;
}

Result<std::string> Sealer::seal(std::string_view plaintext,
                                 std::string_view associated_data) const {
  if (!fits_int(plaintext.size()) || !fits_int(associated_data.size()))
    return make_error(ErrorCode::invalid_argument, "value too large to seal");
  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  unsigned char* nonce = bytes(out);
  unsigned char* cipher = nonce + kNonceSize;
  if (RAND_bytes(nonce, kNonceSize) != 1) return cipher_failure("nonce generation");

  CipherContext ctx = new_context();
  int length = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key_), nonce) != 1) {
    return cipher_failure("setup");
  }
  if (!associated_data.empty() &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1) {
    return cipher_failure("associated data");
  }
  int written = 0;
  if (!plaintext.empty()) {
    if (EVP_EncryptUpdate(ctx.get(), cipher, &length, bytes(plaintext),
                          static_cast<int>(plaintext.size())) != 1) {
      return cipher_failure("encryption");
    }
    written = length;
  }
  if (EVP_EncryptFinal_ex(ctx.get(), cipher + written, &length) != 1)
    return cipher_failure("finish");
  written += length;
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, cipher + written) != 1)
    return cipher_failure("tag");
  return detail::base64_encode(out);
}

Result<std::string> Sealer::unseal(std::string_view sealed,
                                   std::string_view associated_data) const {
  // Malformed input is reported like a failed tag: to a caller both mean "not ours".
  auto raw = detail::base64_decode(sealed);
  if (!raw || raw->size() < static_cast<std::size_t>(kNonceSize + kTagSize) ||
      !fits_int(raw->size()) || !fits_int(associated_data.size())) {
    return does_not_open();
  }
  const std::size_t cipher_size = raw->size() - kNonceSize - kTagSize;
  unsigned char* nonce = bytes(*raw);
  unsigned char* cipher = nonce + kNonceSize;
  unsigned char* tag = cipher + cipher_size;

  CipherContext ctx = new_context();
  int length = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key_), nonce) != 1) {
    return cipher_failure("setup");
  }
  if (!associated_data.empty() &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1) {
    return does_not_open();
  }
  std::string plain(cipher_size, '\0');
  int written = 0;
  if (cipher_size > 0) {
    if (EVP_DecryptUpdate(ctx.get(), bytes(plain), &length, cipher,
                          static_cast<int>(cipher_size)) != 1)
      return does_not_open();
    written = length;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) != 1)
    return cipher_failure("tag");
  if (EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + written, &length) != 1) {
    // The tag did not verify: wipe whatever was decrypted before refusing it.
    OPENSSL_cleanse(plain.data(), plain.size());
    return does_not_open();
  }
  return plain;
}

}  // namespace hsd::engine
