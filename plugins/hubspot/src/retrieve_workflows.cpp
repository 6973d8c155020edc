// Workflows (v4 flows). The listing is cursor paged and carries no actions or enrollment
// criteria, so the ids it yields go in chunks to batch/read, whose full definitions are what
// is stored. Batch reads run on other workers while the listing keeps paging. A 207 answer
// (some flows could not be read) becomes a warning; the flows that were read are kept.
#include "api_client.hpp"
#include "error_body.hpp"
#include "paging.hpp"
#include "raw_json.hpp"
#include "retrieval.hpp"

#include <algorithm>
#include <set>

namespace hsd::plugins::hubspot {
namespace {

constexpr std::string_view kType = "workflows";
constexpr int kMaxFlowsPage = 1000;

std::string batch_body(const std::vector<std::string>& ids) {
  std::string body = "{\"inputs\":[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) body += ',';
    body += "{\"type\":\"FLOW_ID\",\"flowId\":" + hsd::sdk::json_string(ids[i]) + "}";
  }
  return body + "]}";
}

hsd::sdk::Status read_batch(Retrieval& run, const std::vector<std::string>& ids) {
  if (run.cancelled()) return cancelled_failure();
  auto request = run.request("POST", run.config().endpoints.flows_batch_read);
  request.body = batch_body(ids);
  request.content_type = "application/json";
  auto page = run.fetch_page(request);
  if (!page) return page.failure();
  std::set<std::string> returned;
  for (const auto& raw : page->results) {
    if (auto fields = read_object_fields(raw, "id", {"name"})) returned.insert(fields->id);
    if (auto status = run.emit(kType, raw, "id", {"name"}); !status) return status;
  }
  run.report_progress(kType);

  std::vector<std::string> missing;
  for (const auto& id : ids) {
    if (!returned.count(id)) missing.push_back(id);
  }
  if (!page->errors.empty() || page->http_status == 207 || !missing.empty()) {
    const size_t skipped = std::max(missing.size(), page->errors.size());
    std::string warning = std::to_string(skipped) + " of " + std::to_string(ids.size()) +
                          " workflows could not be read in full and were skipped";
    if (!page->errors.empty()) {
      const auto first = parse_error_body(page->errors.front());
      if (!first.message.empty()) warning += " (HubSpot: " + first.message.substr(0, 200) + ")";
    }
    if (!missing.empty()) {
      warning += "; ids:";
      for (size_t i = 0; i < missing.size() && i < 10; ++i) warning += " " + missing[i];
      if (missing.size() > 10) warning += " ...";
    }
    run.warn(warning);
  }
  return {};
}

}  // namespace

hsd::sdk::Status retrieve_workflows(Retrieval& run) {
  const size_t batch_size = static_cast<size_t>(run.config().flows_batch_size);
  CursorPager pager(run.config().flows_page_size, kMaxFlowsPage);
  std::vector<std::string> pending;
  std::set<std::string> listed;
  auto flush = [&] {
    if (pending.empty()) return;
    run.tasks().run([&run, ids = std::move(pending)] { return read_batch(run, ids); });
    pending.clear();
  };
  for (;;) {
    if (run.cancelled()) return cancelled_failure();
    auto page = run.fetch_page(run.request("GET", run.config().endpoints.flows, pager.query()));
    if (!page) {
      if (pager.pages_read() == 0 && run.skip_for_missing_scopes(kType, page.failure())) return {};
      return page.failure();
    }
    for (const auto& raw : page->results) {
      auto fields = read_object_fields(raw, "id", {"name"});
      if (!fields || !listed.insert(fields->id).second) continue;
      pending.push_back(fields->id);
      if (pending.size() >= batch_size) flush();
    }
    auto more = pager.advance(page->next_after);
    if (!more) return more.failure();
    if (!*more) break;
  }
  flush();
  run.set_total(kType, listed.size());
  return {};
}

}  // namespace hsd::plugins::hubspot
