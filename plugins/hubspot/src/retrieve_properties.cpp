// Contact and deal properties. One GET returns {"results": [...]} (not paged), but only the
// active, non-sensitive ones: archived properties need archived=true (which returns only
// those), and sensitive ones need dataSensitivity=sensitive / highly_sensitive plus the
// matching sensitive scope. A full picture therefore takes four calls; the sensitive ones
// are allowed to be refused.
#include "api_client.hpp"
#include "object_types.hpp"
#include "retrieval.hpp"

#include <cctype>
#include <string>

namespace hsd::plugins::hubspot {
namespace {

struct PropertyCall {
  const char* query;
  const char* what;   // for warnings: "archived", "sensitive", ...
  bool essential;     // its MISSING_SCOPES skips the whole type
};

constexpr PropertyCall kCalls[] = {
    {"", "", true},
    {"archived=true", "archived", false},
    {"dataSensitivity=sensitive", "sensitive", false},
    {"dataSensitivity=highly_sensitive", "highly sensitive", false},
};

std::string replace_placeholder(std::string path, std::string_view object_type) {
  const std::string placeholder = "{objectType}";
  for (auto at = path.find(placeholder); at != std::string::npos; at = path.find(placeholder)) {
    path.replace(at, placeholder.size(), object_type);
  }
  return path;
}

}  // namespace

hsd::sdk::Status retrieve_properties(Retrieval& run, std::string_view type, std::string_view object_type) {
  const std::string path = replace_placeholder(run.config().endpoints.properties, object_type);
  const auto* info = find_object_type(type);
  const std::string noun = info ? std::string(info->noun) : std::string(type);
  for (const auto& call : kCalls) {
    if (run.cancelled()) return cancelled_failure();
    auto page = run.fetch_page(run.request("GET", path, call.query));
    if (!page) {
      const auto& failure = page.failure();
      if (call.essential && run.skip_for_missing_scopes(type, failure)) return {};
      // Without the sensitive-data scopes HubSpot refuses these calls; the rest still counts.
      // A 400 means this API version does not know the parameter: also not worth failing.
      const bool refused = failure.code == "MISSING_SCOPES" || failure.status == HSD_ERR_INVALID_ARGUMENT;
      if (!call.essential && refused) {
        std::string warning = std::string(call.what) + " " + noun + " were not retrieved: ";
        warning[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(warning[0])));
        warning += failure.code == "MISSING_SCOPES" ? "the portal did not grant the scope they need"
                                                    : "HubSpot refused the request";
        run.warn(warning);
        continue;
      }
      return failure;
    }
    for (const auto& raw : page->results) {
      if (run.cancelled()) return cancelled_failure();
      if (auto status = run.emit(type, raw, "name", {"label"}); !status) return status;
    }
    run.report_progress(type);
  }
  return {};
}

}  // namespace hsd::plugins::hubspot
