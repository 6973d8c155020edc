// The token endpoint's bodies: success and {error, error_description, error_uri}, always HTTP
// 200 as GitHub sends them, JSON when the client asks for it and form-encoded otherwise.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "http_types.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {

using Fields = std::vector<std::pair<std::string, std::string>>;

bool wants_json(const Request& request);
/** Fields whose value is a plain number (expires_in, interval) are written as JSON numbers. */
Reply oauth_body(const Request& request, const Fields& fields);
Reply oauth_error(const Request& request, const std::string& error, Fields extra = {});
Reply token_success(const Request& request, const TokenGrant& grant);
/** base64url(SHA-256(verifier)) without padding, as PKCE's S256 defines it. */
std::string s256(const std::string& verifier);
std::vector<std::string> split_scopes(const std::string& text);  // space (or comma) separated

}  // namespace hsd::fakes::github_detail
