#include "pkce.hpp"

#include "crypto.hpp"

namespace hsd::plugins::github {

std::string make_code_verifier() { return base64url(random_bytes(48)); }

std::string code_challenge(std::string_view verifier) { return base64url(sha256(verifier)); }

bool valid_code_verifier(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  for (unsigned char c : verifier) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (!unreserved) return false;
  }
  return true;
}

}  // namespace hsd::plugins::github
