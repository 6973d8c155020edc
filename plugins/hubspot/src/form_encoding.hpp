// Percent-encoding for query strings and application/x-www-form-urlencoded bodies. HubSpot's
// token endpoints take every parameter in a form body, and the consent URL wants scopes
// separated by %20 (not '+'), so everything outside RFC 3986's unreserved set is encoded.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hsd::plugins::hubspot {

using FormFields = std::vector<std::pair<std::string, std::string>>;

/** Encodes every byte outside A-Z a-z 0-9 - . _ ~ as %XX (space becomes %20). */
std::string percent_encode(std::string_view text);

/** key=value pairs joined with '&', both sides percent-encoded; usable as body or query. */
std::string form_encode(const FormFields& fields);

/** Joins items with single spaces (HubSpot's scope list format). */
std::string join_spaced(const std::vector<std::string>& items);

}  // namespace hsd::plugins::hubspot
