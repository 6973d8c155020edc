#include "repos_listing.hpp"

#include "account.hpp"
#include "github_error.hpp"
#include "repository.hpp"

#include <hsd/plugins/support/form_encoding.hpp>
#include <hsd/plugins/support/json_reader.hpp>

#include <set>
#include <vector>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::json_string;

std::string account_json(const std::string& login, const std::string& id, const std::string& type) {
  return "{\"login\":" + json_string(login) + ",\"id\":" + json_string(id) + ",\"type\":" + json_string(type) + "}";
}

}  // namespace

hsd::sdk::Result<std::string> list_available_repositories(ApiClient& api) {
  const Config& config = api.config();
  auto user = fetch_account(api);
  if (!user) return user.failure();
  std::vector<std::string> accounts = {account_json(user->login, user->id, user->type)};
  std::vector<std::string> warnings;

  std::vector<std::string> orgs;
  auto org_listing = api.list_all(config.api_url("/user/orgs?per_page=100"));
  if (!org_listing) return org_listing.failure();
  if (org_listing->refused) {
    const uint32_t status = org_listing->refused->status;
    if (status == 401) return token_refused();
    if (status != 403) return response_failure(*org_listing->refused, org_listing->refused_endpoint);
    // No read:org (or user) scope: the token still sees the user's own repositories.
    warnings.push_back("organisations could not be listed (GitHub answered 403; the token lacks read:org): "
                       "organisation repositories are not listed");
  }
  for (const auto& org : org_listing->items) {
    const auto login = support::json_string_field(org, "login").value_or("");
    if (login.empty()) continue;
    orgs.push_back(login);
    accounts.push_back(account_json(login, support::json_string_field(org, "id").value_or(""), "Organization"));
  }

  std::set<std::string> seen;
  std::vector<std::string> repositories;
  auto collect = [&](const Listing& listing) {
    for (const auto& item : listing.items) {
      auto repository = parse_repository(item);
      if (!repository || !seen.insert(repository->id).second) continue;
      repositories.push_back(repository_json(*repository));
    }
  };

  // No `type` here: combined with the default affiliation it is a 422.
  auto mine = api.list_all(config.api_url("/user/repos?per_page=100&sort=full_name"));
  if (!mine) return mine.failure();
  if (mine->refused) {
    if (mine->refused->status == 401) return token_refused();
    return response_failure(*mine->refused, mine->refused_endpoint);
  }
  collect(*mine);

  for (const auto& org : orgs) {
    auto listing = api.list_all(config.api_url("/orgs/" + support::percent_encode(org) + "/repos?per_page=100"));
    if (!listing) return listing.failure();
    collect(*listing);
    if (listing->refused) {
      const auto& refused = *listing->refused;
      if (refused.status == 401) return token_refused();
      if (refused.status >= 500) return response_failure(refused, listing->refused_endpoint);
      std::string why = "GitHub answered " + std::to_string(refused.status);
      if (!refused.header("X-GitHub-SSO").empty()) why = "the organisation enforces SAML single sign-on";
      warnings.push_back("the repositories of organisation " + org + " could not be listed (" + why + ")");
    }
  }

  std::string out = "{\"accounts\":[";
  for (size_t i = 0; i < accounts.size(); ++i) out += (i ? "," : "") + accounts[i];
  out += "],\"repositories\":[";
  for (size_t i = 0; i < repositories.size(); ++i) out += (i ? "," : "") + repositories[i];
  out += "],\"warnings\":" + support::json_string_array(warnings) + "}";
  return out;
}

}  // namespace hsd::plugins::github
