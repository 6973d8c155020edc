#include "repo_status.hpp"

#include "account.hpp"
#include "github_error.hpp"
#include "link_header.hpp"

#include <hsd/plugins/support/form_encoding.hpp>
#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::Failure;
using hsd::sdk::Result;

constexpr int kMaxRedirects = 5;

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

// A Location may be relative to the API (rare, but legal HTTP).
std::string resolve(const std::string& location, const std::string& api_base) {
  if (location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0) return location;
  const std::string origin = url_origin(api_base);
  return origin + (location.empty() || location.front() != '/' ? "/" : "") + location;
}

RepoCheck error(std::string reason, std::string detail) {
  RepoCheck check;
  check.status = "error";
  check.reason = std::move(reason);
  check.detail = std::move(detail);
  return check;
}

RepoCheck revoked() {
  return error("access_revoked", "GitHub refused the token (401 Bad credentials): reconnect GitHub");
}

}  // namespace

std::string sso_url(std::string_view header) {
  size_t pos = 0;
  while (pos < header.size()) {
    const size_t end = header.find(';', pos);
    const std::string part = trim(header.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (part.rfind("url=", 0) == 0) return part.substr(4);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return "";
}

Result<RepoCheck> check_repository(ApiClient& api, const std::string& reference, bool with_branches,
                                   const std::string& known_full_name) {
  const Config& config = api.config();
  const bool by_id = is_numeric_id(reference);
  std::string url;
  if (by_id) {
    url = config.api_url("/repositories/" + reference);
  } else {
    const size_t slash = reference.find('/');
    url = config.api_url("/repos/" + support::percent_encode(reference.substr(0, slash)) + "/" +
                         support::percent_encode(reference.substr(slash + 1)));
  }
  // The name a user would recognise in messages, and the one a rename is measured against.
  const std::string expected = !known_full_name.empty() ? known_full_name : (by_id ? "" : reference);
  const std::string shown = !expected.empty() ? expected : "repository " + reference;

  auto finish = [&](RepoCheck check) -> Result<RepoCheck> {
    check.checked_at = api.clock().now_ms();
    return check;
  };

  // A rate limit is something to report about the repository, not a failure of the check.
  auto limited_or = [&](const Failure& failure) -> Result<RepoCheck> {
    if (failure.code != "RATE_LIMITED" || !api.last_rate_limit()) return failure;
    RepoCheck check = error("rate_limited", "");
    check.reset_at = support::iso8601_utc(api.last_rate_limit()->reset_at_ms);
    check.detail = "GitHub's rate limit for this token is used up until " + check.reset_at +
                   ": the repository is checked again after that";
    return finish(std::move(check));
  };

  bool moved = false;
  hsd::sdk::HttpResponse response;
  for (int hop = 0;; ++hop) {
    auto answer = api.get(url);
    if (!answer) return limited_or(answer.failure());
    response = std::move(*answer);
    const uint32_t status = response.status;
    if (status != 301 && status != 302 && status != 307 && status != 308) break;
    if (hop >= kMaxRedirects) return malformed_response(describe_endpoint("GET", url), "redirects in a loop");
    std::string location = response.header("Location");
    if (location.empty()) location = support::json_string_field(support::parse_json_object(response.body), "url").value_or("");
    if (location.empty()) return malformed_response(describe_endpoint("GET", url), "is a redirect without a Location");
    location = resolve(location, config.api_base_url);
    // The token goes with the request: never to another host than the configured API.
    if (url_origin(location) != url_origin(config.api_base_url)) {
      return malformed_response(describe_endpoint("GET", url), "redirects to another host; the token is not sent there");
    }
    // 302 and 307 are temporary: followed, but not a new home for the repository.
    if (status == 301 || status == 308) moved = true;
    url = location;
  }

  const uint32_t status = response.status;
  if (status == 401) return finish(revoked());
  if (status == 404) {
    // GitHub answers 404 for "deleted" and for "no longer visible to this token" alike; a
    // working token at least rules out a revoked one.
    auto account = fetch_account(api);
    if (!account) {
      if (account.failure().code == "ACCESS_REVOKED") return finish(revoked());
      return limited_or(account.failure());
    }
    return finish(error("not_found", shown + " was not found: it was deleted, or this token lost access to it "
                                              "(GitHub does not tell the two apart)"));
  }
  if (status == 403) {
    const std::string sso = response.header("X-GitHub-SSO");
    if (!sso.empty()) {
      const std::string link = sso_url(sso);
      return finish(error("sso_required", shown + " belongs to an organisation that enforces SAML single sign-on: "
                                                  "authorize the token for the organisation at " +
                                                  (link.empty() ? config.web_url("/settings/tokens") : link)));
    }
    return response_failure(response, describe_endpoint("GET", url));
  }
  if (status != 200) return response_failure(response, describe_endpoint("GET", url));

  auto repository = parse_repository(support::parse_json_object(response.body));
  if (!repository) return malformed_response(describe_endpoint("GET", url), "is not a repository (no id or full_name)");
  RepoCheck check;
  if (!expected.empty() && !same_name(expected, repository->full_name)) {
    check.renamed_from = expected;
  } else if (moved && !by_id && !same_name(reference, repository->full_name)) {
    check.renamed_from = reference;
  }
  if (repository->archived) {
    check.status = "error";
    check.reason = "archived";
    check.detail = repository->full_name + " is archived and read-only: backups are refused";
  } else {
    check.detail = repository->full_name + " is reachable";
    if (!repository->can_push()) check.warnings.push_back("no push permission: backups will be refused");
  }
  if (with_branches) {
    auto listing = api.list_all(config.api_url("/repositories/" + repository->id + "/branches?per_page=100"));
    if (!listing) return listing.failure();
    std::vector<std::string> names;
    if (listing->refused) {
      // An empty repository (no commits) has no branches to list; anything else is a failure.
      if (listing->refused->status != 404 && listing->refused->status != 409) {
        return response_failure(*listing->refused, listing->refused_endpoint);
      }
    } else {
      for (const auto& branch : listing->items) {
        if (auto name = support::json_string_field(branch, "name")) names.push_back(*name);
      }
    }
    check.branches = std::move(names);
  }
  check.repository = std::move(repository);
  return finish(std::move(check));
}

std::string repo_check_json(const RepoCheck& check) {
  using hsd::sdk::json_string;
  std::string out = "{\"status\":" + json_string(check.status) + ",\"reason\":" + json_string(check.reason) +
                    ",\"detail\":" + json_string(check.detail);
  if (check.repository) out += ",\"repository\":" + repository_json(*check.repository);
  if (!check.renamed_from.empty()) out += ",\"renamed_from\":" + json_string(check.renamed_from);
  if (check.branches) out += ",\"branches\":" + support::json_string_array(*check.branches);
  out += ",\"warnings\":" + support::json_string_array(check.warnings);
  if (!check.reset_at.empty()) out += ",\"reset_at\":" + json_string(check.reset_at);
  out += ",\"checked_at\":" + std::to_string(check.checked_at) + "}";
  return out;
}

Failure check_failure(const RepoCheck& check) {
  Failure failure;
  failure.message = check.detail;
  if (check.reason == "archived") {
    failure.status = HSD_ERR_PERMISSION_DENIED;
    failure.code = "REPO_ARCHIVED";
  } else if (check.reason == "not_found") {
    failure.status = HSD_ERR_NOT_FOUND;
    failure.code = "REPO_NOT_FOUND";
  } else if (check.reason == "access_revoked") {
    failure.status = HSD_ERR_UNAUTHENTICATED;
    failure.code = "ACCESS_REVOKED";
  } else if (check.reason == "sso_required") {
    failure.status = HSD_ERR_PERMISSION_DENIED;
    failure.code = "SSO_REQUIRED";
  } else if (check.reason == "rate_limited") {
    failure.status = HSD_ERR_RATE_LIMITED;
    failure.code = "RATE_LIMITED";
    failure.retryable = true;
    failure.details_json = "{\"reset_at\":" + hsd::sdk::json_string(check.reset_at) + "}";
  } else {
    failure.status = HSD_ERR_INTERNAL;
    failure.code = "REPO_CHECK_FAILED";
  }
  return failure;
}

}  // namespace hsd::plugins::github
