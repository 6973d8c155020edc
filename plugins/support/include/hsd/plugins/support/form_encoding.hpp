// Percent-encoding for query strings and application/x-www-form-urlencoded bodies, and the
// decoding of form bodies. OAuth token endpoints take every parameter in a form body, and
// consent URLs want scopes separated by %20 (not '+'), so everything outside RFC 3986's
// unreserved set is encoded. GitHub's token endpoints answer form-encoded unless they honour
// Accept: application/json, so a token response is read either way.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hsd::plugins::support {

using FormFields = std::vector<std::pair<std::string, std::string>>;

/** Encodes every byte outside A-Z a-z 0-9 - . _ ~ as %XX (space becomes %20, ':' %3A). */
std::string percent_encode(std::string_view text);

/** key=value pairs joined with '&', both sides percent-encoded; usable as body or query. */
std::string form_encode(const FormFields& fields);

/** Splits a form body into its pairs, decoding %XX and '+'; malformed escapes stay as they are. */
FormFields form_decode(std::string_view body);

/** Joins items with single spaces (the scope parameter's format for HubSpot and GitHub). */
std::string join_spaced(const std::vector<std::string>& items);

}  // namespace hsd::plugins::support
