#include "retrieval.hpp"

#include "object_types.hpp"
#include "response_failure.hpp"

namespace hsd::plugins::hubspot {

using hsd::sdk::fail;
using hsd::sdk::Result;
using hsd::sdk::Status;

Retrieval::Retrieval(const hsd::sdk::Context& context, const Config& config, ApiClient& api, TaskGroup& tasks,
                     std::vector<std::string> types)
    : context_(context), config_(config), api_(api), tasks_(tasks), types_(std::move(types)) {
  for (const auto& type : types_) states_.try_emplace(type);
}

Retrieval::TypeState& Retrieval::state(std::string_view type) {
  auto it = states_.find(type);
  if (it == states_.end()) throw std::logic_error("retrieval of an undeclared type " + std::string(type));
  return it->second;
}

ApiRequest Retrieval::request(std::string method, std::string path, std::string query) const {
  ApiRequest request;
  request.method = std::move(method);
  request.base_url = config_.api_base_url;
  request.path = std::move(path);
  request.query = std::move(query);
  return request;
}

Result<ResultsPage> Retrieval::fetch_page(const ApiRequest& request) {
  for (int attempt = 1;; ++attempt) {
    auto response = api_.send(request);
    if (!response) return response.failure();
    if (response->status != 200 && response->status != 207) return response_failure(*response, request.endpoint());
    auto page = parse_results_page(response->body, request.endpoint());
    if (page) {
      page->http_status = response->status;
      return page;
    }
    if (attempt >= 2) {
      auto failure = page.failure();
      failure.retryable = false;  // asked twice already
      return failure;
    }
    context_.debug(page.failure().message + "; asking again");
  }
}

Status Retrieval::emit(std::string_view type, std::string_view raw, std::string_view id_key,
                       const std::vector<std::string_view>& name_keys) {
  auto& st = state(type);
  auto fields = read_object_fields(raw, id_key, name_keys);
  if (!fields) {
    ++st.without_id;
    return {};
  }
  {
    std::lock_guard lock(st.ids_mutex);
    if (!st.ids.insert(fields->id).second) {
      ++st.duplicates;
      return {};
    }
  }
  if (auto status = context_.emit(type, fields->id, fields->name, raw); !status) return status;
  ++st.emitted;
  return {};
}

void Retrieval::set_total(std::string_view type, uint64_t total) {
  state(type).total = total;
  report_progress(type);
}

void Retrieval::report_progress(std::string_view type) {
  auto& st = state(type);
  context_.progress(type, st.emitted.load(), st.total.load());
}

void Retrieval::warn(std::string warning) {
  std::lock_guard lock(warnings_mutex_);
  warnings_.push_back(std::move(warning));
}

bool Retrieval::skip_for_missing_scopes(std::string_view type, const hsd::sdk::Failure& failure) {
  if (failure.code != "MISSING_SCOPES") return false;
  const auto* info = find_object_type(type);
  const std::string noun = info ? std::string(info->noun) : std::string(type);
  const std::string scope = info ? std::string(info->scope) : std::string("the scope it needs");
  warn("Skipped " + noun + ": the portal did not grant " + scope);
  context_.info("skipped " + std::string(type) + ": the portal did not grant " + scope);
  return true;
}

Status Retrieval::run_type(const std::string& type) {
  if (type == "custom_object_schemas") return retrieve_custom_object_schemas(*this);
  if (type == "contact_properties") return retrieve_properties(*this, type, "contacts");
  if (type == "deal_properties") return retrieve_properties(*this, type, "deals");
  if (type == "workflows") return retrieve_workflows(*this);
  if (type == "forms") return retrieve_forms(*this);
  return fail(HSD_ERR_INVALID_ARGUMENT, "unknown object type '" + type + "'");
}

Status Retrieval::run() {
  for (const auto& type : types_) {
    tasks_.run([this, type]() -> Status { return run_type(type); });
  }
  auto status = tasks_.wait();
  if (!status) return status;
  if (cancelled()) return cancelled_failure();
  // The final figures, now that every worker (flow batch reads included) is done.
  for (const auto& type : types_) {
    auto& st = state(type);
    st.total = st.emitted.load();
    report_progress(type);
  }
  context_.set_output(output());
  return {};
}

std::string Retrieval::output() const {
  uint64_t total = 0;
  std::string by_type = "{";
  std::vector<std::string> warnings;
  {
    std::lock_guard lock(warnings_mutex_);
    warnings = warnings_;
  }
  for (const auto& type : types_) {
    const auto& st = states_.find(type)->second;
    total += st.emitted;
    if (by_type.size() > 1) by_type += ',';
    by_type += hsd::sdk::json_string(type) + ":" + std::to_string(st.emitted.load());
    const auto* info = find_object_type(type);
    const std::string noun = info ? std::string(info->noun) : type;
    if (st.duplicates) {
      warnings.push_back(std::to_string(st.duplicates.load()) + " " + noun +
                         " were listed more than once by HubSpot; each was kept once");
    }
    if (st.without_id) {
      warnings.push_back(std::to_string(st.without_id.load()) + " " + noun + " without an id were skipped");
    }
  }
  std::string out = "{\"objects\":" + std::to_string(total) + ",\"by_type\":" + by_type + "},\"warnings\":[";
  for (size_t i = 0; i < warnings.size(); ++i) {
    if (i) out += ',';
    hsd::sdk::append_json_string(out, warnings[i]);
  }
  return out + "]}";
}

}  // namespace hsd::plugins::hubspot
