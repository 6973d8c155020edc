// Password hashes: scrypt (OpenSSL 3's EVP_PBE_scrypt) with N = 2^15, r = 8, p = 1 (about 32 MiB
// and a few tens of milliseconds per hash), a 16-byte random salt and a 32-byte key, stored as a
// self-describing string "$scrypt$ln=15,r=8,p=1$<salt>$<key>" (unpadded standard base64), so that
// stronger parameters can be chosen later while older hashes still verify.
#pragma once

#include <string>
#include <string_view>

namespace hsd::engine {

struct ScryptParams {
  int log2_n = 15;  // N = 2^log2_n: memory and time grow with it
  int r = 8;        // block size
  int p = 1;        // parallelism
};

// The parameters every new hash uses (OWASP's minimum for scrypt is N=2^17 at r=8 for a
// server with memory to spare; 2^15 keeps two concurrent hashes within 64 MiB on a small host,
// and the throttles bound how many guesses anyone gets).
inline constexpr ScryptParams kPasswordScrypt{};

// A new salted hash of password. Throws std::runtime_error when OpenSSL cannot compute one
// (out of memory), which the request answers as 500.
std::string hash_password(std::string_view password, const ScryptParams& params = kPasswordScrypt);

// Whether password matches the stored hash; false for a mismatch and for a malformed or empty
// stored string. The key is compared in constant time.
bool verify_password(std::string_view password, std::string_view stored);

// A hash of a random password with the current parameters, made once per process: checking an
// unknown e-mail's password against it costs the same work as checking a real one.
const std::string& dummy_password_hash();

}  // namespace hsd::engine
