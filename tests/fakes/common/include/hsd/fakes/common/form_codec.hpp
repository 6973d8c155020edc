// application/x-www-form-urlencoded, as the fakes read and write it: query strings, OAuth form
// bodies, redirect URLs and paging links.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hsd::fakes::common {

using Params = std::multimap<std::string, std::string>;

/** Decodes application/x-www-form-urlencoded text (also a query string): '+' is a space. */
Params parse_form(std::string_view text);
/** Percent-encodes everything but RFC 3986's unreserved characters. */
std::string url_encode(std::string_view text);
/** key=value pairs joined with '&', both sides url_encode'd. */
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace hsd::fakes::common
