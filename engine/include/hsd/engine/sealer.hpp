// Sealer encrypts secrets at rest with AES-256-GCM. A sealed value is base64 of
// nonce (12 bytes) || ciphertext || tag (16 bytes); the associated data (for example
// "connection:42") binds a sealed value to the record it belongs to, so a value copied to
// another record does not open.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "hsd/engine/result.hpp"

namespace hsd::engine {

class Sealer {
 public:
  // The key comes from env_key when not empty (64 hex digits or base64 of 32 bytes), else
  // from key_file, which is created with 32 random bytes and mode 0600 when missing. A key
  // file readable by group or others, or of the wrong length, is refused with its path.
  static Result<Sealer> open(std::string_view env_key, const std::filesystem::path& key_file);
  static Result<Sealer> from_key(std::string_view raw_32_bytes);

  Result<std::string> seal(std::string_view plaintext, std::string_view associated_data) const;
  // A wrong key, tampered bytes or other associated data are ErrorCode::unauthenticated.
  Result<std::string> unseal(std::string_view sealed, std::string_view associated_data) const;

  // The key bytes are wiped from memory when a Sealer goes away.
  ~Sealer();
  Sealer(const Sealer& other) = default;
  Sealer(Sealer&& other) noexcept = default;
  Sealer& operator=(const Sealer& other) = default;
  Sealer& operator=(Sealer&& other) noexcept = default;

 private:
  explicit Sealer(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace hsd::engine
