// PKCE (RFC 7636, S256 only, which is all GitHub accepts): oauth_start makes a verifier, sends
// its challenge in the authorize URL and hands the verifier to the engine as connect_params;
// connect sends the verifier with the code.
#pragma once

#include <string>
#include <string_view>

namespace hsd::plugins::github {

/** 64 characters of base64url from 48 CSPRNG bytes (RFC 7636 allows 43 to 128). */
std::string make_code_verifier();

/** base64url(SHA-256(verifier)) without padding. */
std::string code_challenge(std::string_view verifier);

/** True for 43-128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 section 4.1). */
bool valid_code_verifier(std::string_view verifier);

}  // namespace hsd::plugins::github
