// Forms: cursor paged. formTypes=all, because the default may be hubspot forms only, and
// limit at most 50, because larger pages were seen without `paging` (so later pages vanished).
#include "api_client.hpp"
#include "paging.hpp"
#include "retrieval.hpp"

namespace hsd::plugins::hubspot {

hsd::sdk::Status retrieve_forms(Retrieval& run) {
  constexpr std::string_view kType = "forms";
  constexpr int kMaxFormsPage = 50;
  CursorPager pager(run.config().forms_page_size, kMaxFormsPage, {{"formTypes", "all"}});
  for (;;) {
    if (run.cancelled()) return cancelled_failure();
    auto page = run.fetch_page(run.request("GET", run.config().endpoints.forms, pager.query()));
    if (!page) {
      if (pager.pages_read() == 0 && run.skip_for_missing_scopes(kType, page.failure())) return {};
      return page.failure();
    }
    for (const auto& raw : page->results) {
      if (auto status = run.emit(kType, raw, "id", {"name"}); !status) return status;
    }
    run.report_progress(kType);
    auto more = pager.advance(page->next_after);
    if (!more) return more.failure();
    if (!*more) return {};
  }
}

}  // namespace hsd::plugins::hubspot
