#include "error_body.hpp"

#include <hsd/plugins/support/json_reader.hpp>

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace hsd::plugins::hubspot {
namespace {

using Poco::JSON::Object;

void add_unique(std::vector<std::string>& out, const std::string& scope) {
  if (!scope.empty() && std::find(out.begin(), out.end(), scope) == out.end()) out.push_back(scope);
}

// context maps names to arrays of strings; a lone string is tolerated.
void collect_from(const Object::Ptr& object, const std::string& key, std::vector<std::string>& out) {
  if (!object || !object->has(key)) return;
  for (const auto& scope : support::json_string_list(object, key)) add_unique(out, scope);
  if (auto single = support::json_string_field(object, key)) add_unique(out, *single);
}

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

bool ErrorBody::missing_scopes() const { return category == "MISSING_SCOPES" || !required_scopes.empty(); }

bool ErrorBody::bad_refresh_token() const { return status == "BAD_REFRESH_TOKEN" || error == "invalid_grant"; }

RateLimitPolicy ErrorBody::rate_limit_policy() const {
  const std::string policy = upper(policy_name);
  if (policy == "TEN_SECONDLY_ROLLING") return RateLimitPolicy::kTenSecondlyRolling;
  if (policy == "SECONDLY") return RateLimitPolicy::kSecondly;
  if (policy == "DAILY") return RateLimitPolicy::kDaily;
  // Some APIs (search) only say it in the message.
  const std::string text = upper(message);
  if (text.find("TEN_SECONDLY_ROLLING") != std::string::npos) return RateLimitPolicy::kTenSecondlyRolling;
  if (text.find("SECONDLY LIMIT") != std::string::npos) return RateLimitPolicy::kSecondly;
  if (text.find("DAILY LIMIT") != std::string::npos) return RateLimitPolicy::kDaily;
  return RateLimitPolicy::kUnknown;
}

std::string ErrorBody::code() const {
  if (!category.empty()) return category;
  if (!status.empty() && status != "error") return status;
  if (!error.empty()) return error;
  if (!policy_name.empty()) return policy_name;
  return {};
}

ErrorBody parse_error_body(std::string_view body) {
  ErrorBody out;
  auto root = support::parse_json_object(body);
  if (!root) return out;
  out.parsed = true;
  out.status = support::json_string_field(root, "status").value_or("");
  out.message = support::json_string_field(root, "message").value_or("");
  out.category = support::json_string_field(root, "category").value_or("");
  out.correlation_id = support::json_string_field(root, "correlationId").value_or("");
  out.error = support::json_string_field(root, "error").value_or("");
  out.error_description = support::json_string_field(root, "error_description").value_or("");
  out.policy_name = support::json_string_field(root, "policyName").value_or("");
  out.error_type = support::json_string_field(root, "errorType").value_or("");

  if (auto errors = root->getArray("errors")) {
    for (size_t i = 0; i < errors->size(); ++i) {
      auto item = errors->getObject(static_cast<unsigned>(i));
      if (!item) continue;
      auto context = item->getObject("context");
      collect_from(context, "requiredGranularScopes", out.required_scopes);
      collect_from(context, "requiredScopes", out.required_scopes);
      collect_from(context, "missingScopes", out.required_scopes);
      collect_from(item, "missingScopes", out.required_scopes);
    }
  }
  auto context = root->getObject("context");
  collect_from(context, "requiredScopes", out.required_scopes);
  collect_from(context, "requiredGranularScopes", out.required_scopes);
  collect_from(context, "missingScopes", out.required_scopes);
  collect_from(root, "missingScopes", out.required_scopes);
  return out;
}

}  // namespace hsd::plugins::hubspot
