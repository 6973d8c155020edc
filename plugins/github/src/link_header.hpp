// GitHub's pagination: the `link` response header's rel="next" URL, used exactly as given.
// Page URLs are never built: next links may use another path form (/repositories/{id}/...)
// or cursors instead of page numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hsd::plugins::github {

/**
 * The URL of the rel="next" entry of a Link header value
 * (`<https://...page=2>; rel="next", <...>; rel="last"`), or nullopt when there is none.
 * rel may hold several space-separated relation types and may be unquoted.
 */
std::optional<std::string> next_link(std::string_view link_header);

/** scheme://host[:port] of url (lower-cased), or "" when url is not absolute http(s). */
std::string url_origin(std::string_view url);

/** host[:port] of url as written, or "" when url is not absolute http(s). */
std::string url_authority(std::string_view url);

}  // namespace hsd::plugins::github
