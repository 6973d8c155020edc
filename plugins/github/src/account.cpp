#include "account.hpp"

#include "github_error.hpp"
#include "scopes.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::github {

hsd::sdk::Failure token_refused() {
  hsd::sdk::Failure failure;
  failure.status = HSD_ERR_UNAUTHENTICATED;
  failure.code = "ACCESS_REVOKED";
  failure.message = "GitHub refused the token (401 Bad credentials)";
  return failure;
}

hsd::sdk::Result<Account> fetch_account(ApiClient& api) {
  const std::string url = api.config().api_url("/user");
  auto response = api.get(url);
  if (!response) return response.failure();
  if (response->status == 401) return token_refused();
  if (response->status != 200) return response_failure(*response, "GET /user");
  const auto body = support::parse_json_object(response->body);
  Account account;
  account.login = support::json_string_field(body, "login").value_or("");
  account.id = support::json_string_field(body, "id").value_or("");
  account.type = support::json_string_field(body, "type").value_or("User");
  if (account.login.empty() || account.id.empty()) return malformed_response("GET /user", "lacks login or id");
  // Absent for fine-grained and GitHub App tokens; present (maybe empty) for classic ones.
  bool present = false;
  for (const auto& [name, value] : response->headers) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "x-oauth-scopes") present = true;
  }
  if (present) account.scopes = parse_scopes_header(response->header("X-OAuth-Scopes"));
  return account;
}

}  // namespace hsd::plugins::github
