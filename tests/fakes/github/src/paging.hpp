// GitHub's page-number paging: per_page (default 30, at most 100) and page, answered with a
// `link` header (prev, next, last, first) whose URLs keep the other query parameters. The
// base URL is the caller's choice, because GitHub's next links often use another path form
// (/repositories/{id}/..., /organizations/{id}/...) than the one requested.
#pragma once

#include <string>
#include <vector>

#include "http_types.hpp"

namespace hsd::fakes::github_detail {

struct Page {
  int per_page = 30;
  int page = 1;
  std::size_t begin = 0;  // index range of the items on this page
  std::size_t end = 0;
  int last_page = 1;
};

Page paginate(const Request& request, std::size_t total);
/** Adds the link header when there is more than one page. */
void add_link_header(Reply& reply, const Request& request, const Page& page, const std::string& base_url);

}  // namespace hsd::fakes::github_detail
