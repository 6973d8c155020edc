// Custom object schemas: one GET returns every schema ({"results": [...]}, not paged).
#include "api_client.hpp"
#include "retrieval.hpp"

namespace hsd::plugins::hubspot {

hsd::sdk::Status retrieve_custom_object_schemas(Retrieval& run) {
  constexpr std::string_view kType = "custom_object_schemas";
  if (run.cancelled()) return cancelled_failure();
  auto page = run.fetch_page(run.request("GET", run.config().endpoints.schemas));
  if (!page) {
    if (run.skip_for_missing_scopes(kType, page.failure())) return {};
    return page.failure();
  }
  run.set_total(kType, page->results.size());
  for (const auto& raw : page->results) {
    if (run.cancelled()) return cancelled_failure();
    if (auto status = run.emit(kType, raw, "id", {"/labels/singular", "name"}); !status) return status;
  }
  return {};
}

}  // namespace hsd::plugins::hubspot
