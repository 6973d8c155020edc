// Cursor paging as HubSpot does it for flows and forms: `limit` and `after`, the next cursor in
// paging.next.after, the end when paging (or paging.next) is missing. The cursor is opaque and
// never computed. A cursor seen twice would loop forever, so it ends the listing with a
// failure instead.
#pragma once

#include <hsd/plugins/support/form_encoding.hpp>

#include <hsd/sdk.hpp>

#include <optional>
#include <set>
#include <string>

namespace hsd::plugins::hubspot {

class CursorPager {
 public:
  /**
   * page_size is sent as `limit`, clamped to max_page_size (forms: 50, because HubSpot was
   * seen to drop `paging` from forms pages above 50 and so to hide every later page).
   * fixed holds query parameters sent with every page (e.g. formTypes=all).
   */
  CursorPager(int page_size, int max_page_size, support::FormFields fixed = {});

  /** The query string of the next page. */
  std::string query() const;
  /**
   * Moves past the page just read, given its paging.next.after. Returns true while another
   * page follows, false at the end; a repeated cursor is a failure.
   */
  hsd::sdk::Result<bool> advance(const std::optional<std::string>& next_after);

  int page_size() const { return page_size_; }
  int pages_read() const { return pages_; }
  bool done() const { return done_; }

 private:
  int page_size_;
  support::FormFields fixed_;
  std::optional<std::string> after_;
  std::set<std::string> seen_;
  int pages_ = 0;
  bool done_ = false;
};

}  // namespace hsd::plugins::hubspot
