#include "connector.hpp"

#include "account.hpp"
#include "api_client.hpp"
#include "backup_action.hpp"
#include "backup_objects_action.hpp"
#include "device_flow.hpp"
#include "oauth.hpp"
#include "params.hpp"
#include "pkce.hpp"
#include "repo_status.hpp"
#include "repos_listing.hpp"
#include "scopes.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::Context;
using hsd::sdk::fail;
using hsd::sdk::json_string;
using hsd::sdk::Status;

std::string trim(std::string text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.back())) text.pop_back();
  size_t start = 0;
  while (start < text.size() && space(text[start])) ++start;
  return text.substr(start);
}

// What connect reports about a token GitHub just confirmed with GET /user.
struct Grant {
  std::string access_token;
  std::string refresh_token;
  std::optional<long long> expires_in;
  std::optional<long long> refresh_token_expires_in;
  std::string scope;  // the token response's comma-separated scopes (OAuth only)
};

}  // namespace

hsd::sdk::Failure oauth_not_configured(bool needs_secret) {
  return fail(HSD_ERR_INVALID_ARGUMENT,
              std::string("OAuth is not configured: set connectors.github.client_id") +
                  (needs_secret ? " and client_secret" : "") + ", or connect with a token");
}

Connector::Connector(Config config, std::shared_ptr<support::Clock> clock, BackupWriter writer, BackupReader reader)
    : config_(std::move(config)), clock_(std::move(clock)), writer_(std::move(writer)), reader_(std::move(reader)) {}

Status Connector::invoke(const Context& context, std::string_view action, std::string_view input_json) {
  auto input = input_json.empty() ? Poco::JSON::Object::Ptr(new Poco::JSON::Object) : support::parse_json_object(input_json);
  if (!input) return fail(HSD_ERR_INVALID_ARGUMENT, "the action input is not a JSON object");
  const auto params = support::json_child(input, "params");
  if (action == "oauth_start") return oauth_start(context, params);
  if (action == "device_start") return device_start(context);
  if (action == "connect") return connect(context, params);
  if (action == "refresh") return refresh(context, support::json_child(input, "credentials"));
  if (action == "revoke") return revoke(context, support::json_child(input, "credentials"), support::json_child(input, "connection"));
  if (action == "repos_available") return repos_available(context);
  if (action == "repo_status") return repo_status(context, params);
  if (action == "backup") return backup(context, input);
  if (action == "backup_objects") return backup_objects(context, input);
  return fail(HSD_ERR_UNSUPPORTED, "the github plugin has no action '" + std::string(action) + "'");
}

Status Connector::oauth_start(const Context& context, const Object& params) {
  const Params p("oauth_start", params);
  auto redirect_uri = p.required_string("redirect_uri");
  if (!redirect_uri) return redirect_uri.failure();
  auto state = p.required_string("state");
  if (!state) return state.failure();
  if (config_.client_id.empty() || config_.client_secret.empty()) return oauth_not_configured(true);
  support::CancelSignal stop;
  ApiClient api(context, config_, *clock_, stop, nullptr, TokenSource::fixed(""));
  const std::string verifier = make_code_verifier();
  const std::string url = OAuthClient(config_, api).authorize_url(*redirect_uri, *state, code_challenge(verifier));
  context.set_output("{\"url\":" + json_string(url) + ",\"connect_params\":{\"code_verifier\":" +
                     json_string(verifier) + "}}");
  return {};
}

Status Connector::device_start(const Context& context) {
  if (config_.client_id.empty()) return oauth_not_configured(false);
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, config_, *clock_, stop, nullptr, TokenSource::fixed(""));
  auto code = OAuthClient(config_, api).start_device();
  if (!code) return code.failure();
  context.set_output("{\"device_code\":" + json_string(code->device_code) + ",\"user_code\":" +
                     json_string(code->user_code) + ",\"verification_uri\":" + json_string(code->verification_uri) +
                     ",\"expires_in\":" + std::to_string(code->expires_in) +
                     ",\"interval\":" + std::to_string(code->interval) + "}");
  return {};
}

Status Connector::connect(const Context& context, const Object& params) {
  const Params p("connect", params);
  const int ways = int{p.has("token")} + int{p.has("code")} + int{p.has("device_code")};
  if (ways != 1) {
    return fail(HSD_ERR_INVALID_ARGUMENT,
                "connect needs exactly one of: token; code with redirect_uri and code_verifier; device_code with "
                "interval and expires_in");
  }
  support::CancelSignal stop([&context] { return context.cancelled(); });
  Grant grant;
  std::string auth_type = "oauth";
  if (p.has("token")) {
    auto token = p.optional_string("token");
    if (!token) return token.failure();
    grant.access_token = trim(*token);
    if (auto problem = token_problem(grant.access_token)) return p.bad("token", *problem);
    auth_type = "token";
  } else if (p.has("code")) {
    auto code = p.required_string("code");
    if (!code) return code.failure();
    auto redirect_uri = p.required_string("redirect_uri");
    if (!redirect_uri) return redirect_uri.failure();
    auto verifier = p.required_string("code_verifier");
    if (!verifier) return verifier.failure();
    if (!valid_code_verifier(*verifier)) return p.bad("code_verifier", "is not a PKCE verifier (43-128 characters)");
    if (config_.client_id.empty() || config_.client_secret.empty()) return oauth_not_configured(true);
    ApiClient api(context, config_, *clock_, stop, nullptr, TokenSource::fixed(""));
    auto token = OAuthClient(config_, api).exchange_code(*code, *redirect_uri, *verifier);
    if (!token) return token.failure();
    grant = Grant{token->access_token, token->refresh_token, token->expires_in, token->refresh_token_expires_in,
                  token->scope};
  } else {
    auto device_code = p.required_string("device_code");
    if (!device_code) return device_code.failure();
    auto interval = p.optional_integer("interval", 5);
    if (!interval) return interval.failure();
    auto expires_in = p.optional_integer("expires_in", 900);
    if (!expires_in) return expires_in.failure();
    if (config_.client_id.empty()) return oauth_not_configured(false);
    ApiClient api(context, config_, *clock_, stop, nullptr, TokenSource::fixed(""));
    OAuthClient oauth(config_, api);
    auto token = poll_device_token(oauth, *clock_, stop, DevicePoll{*device_code, *interval, *expires_in}, context);
    if (!token) return token.failure();
    grant = Grant{token->access_token, token->refresh_token, token->expires_in, token->refresh_token_expires_in,
                  token->scope};
  }

  // Who the token belongs to: the user may have switched accounts on the consent page.
  ApiClient api(context, config_, *clock_, stop, &etags_, TokenSource::fixed(grant.access_token));
  auto account = fetch_account(api);
  if (!account) return account.failure();

  const TokenKind kind = token_kind(grant.access_token);
  std::optional<std::vector<std::string>> granted = account->scopes;
  if (!granted && !grant.scope.empty() && kind != TokenKind::kFineGrained && kind != TokenKind::kAppUser) {
    granted = parse_scopes_header(grant.scope);
  }
  // Fine-grained and GitHub App tokens carry no scopes: their access is per repository.
  const bool scoped = granted.has_value() && kind != TokenKind::kFineGrained && kind != TokenKind::kAppUser;
  const std::vector<std::string> requested = scoped ? config_.scopes : std::vector<std::string>{};
  std::vector<std::string> warnings;
  if (scoped) {
    warnings = missing_scope_warnings(requested, *granted);
  } else if (kind == TokenKind::kFineGrained) {
    warnings.push_back("fine-grained token: access is per repository and is checked when a repository is added");
  } else if (kind == TokenKind::kAppUser) {
    warnings.push_back("GitHub App token: access follows the app's installations and is checked when a repository "
                       "is added");
  } else {
    warnings.push_back("GitHub did not report the token's scopes: access is checked when a repository is added");
  }

  std::string credentials = "{\"access_token\":" + json_string(grant.access_token) + ",\"token_type\":\"bearer\"";
  if (!grant.refresh_token.empty()) {
    credentials += ",\"refresh_token\":" + json_string(grant.refresh_token);
    if (grant.refresh_token_expires_in) {
      credentials += ",\"refresh_token_expires_at\":" +
                     std::to_string(clock_->now_ms() + *grant.refresh_token_expires_in * 1000);
    }
  }
  credentials += "}";
  std::string out = "{\"account_id\":" + json_string(account->id) + ",\"account_name\":" + json_string(account->login) +
                    ",\"label\":" + json_string(account->login) + ",\"auth_type\":" + json_string(auth_type) +
                    ",\"credentials\":" + credentials;
  if (grant.expires_in) out += ",\"expires_in\":" + std::to_string(*grant.expires_in);
  out += ",\"scopes_requested\":" + support::json_string_array(requested) +
         ",\"scopes_granted\":" + support::json_string_array(scoped ? *granted : std::vector<std::string>{}) +
         ",\"warnings\":" + support::json_string_array(warnings) + "}";
  context.set_output(out);
  context.info("connected GitHub account " + account->login + " (" + auth_type + ")");
  return {};
}

Status Connector::refresh(const Context& context, const Object& credentials) {
  const auto refresh_token = support::json_string_field(credentials, "refresh_token").value_or("");
  if (refresh_token.empty()) return fail(HSD_ERR_UNSUPPORTED, "this GitHub token does not expire");
  if (config_.client_id.empty()) return oauth_not_configured(false);
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, config_, *clock_, stop, nullptr, TokenSource::fixed(""));
  auto token = OAuthClient(config_, api).refresh(refresh_token);
  if (!token) return token.failure();
  // Both tokens rotate: the old refresh token is dead now, so the new pair is the output.
  std::string out = "{\"credentials\":{\"access_token\":" + json_string(token->access_token) + ",\"token_type\":\"bearer\"";
  if (!token->refresh_token.empty()) {
    out += ",\"refresh_token\":" + json_string(token->refresh_token);
    if (token->refresh_token_expires_in) {
      out += ",\"refresh_token_expires_at\":" + std::to_string(clock_->now_ms() + *token->refresh_token_expires_in * 1000);
    }
  }
  out += "}";
  if (token->expires_in) out += ",\"expires_in\":" + std::to_string(*token->expires_in);
  context.set_output(out + "}");
  return {};
}

Status Connector::revoke(const Context& context, const Object& credentials, const Object& connection) {
  const auto token = support::json_string_field(credentials, "access_token").value_or("");
  const TokenKind kind = token_kind(token);
  const bool oauth = support::json_string_field(connection, "auth_type").value_or("") == "oauth" || kind == TokenKind::kOAuth ||
                     kind == TokenKind::kAppUser;
  auto not_revoked = [&](const std::string& reason) {
    context.set_output("{\"revoked\":false,\"reason\":" + json_string(reason) + "}");
    return Status();
  };
  if (token.empty()) return not_revoked("the connection holds no token");
  if (!oauth) {
    return not_revoked("a token given directly stays valid: delete it on GitHub (Settings, Developer settings) if it "
                       "is no longer needed");
  }
  if (config_.client_id.empty() || config_.client_secret.empty()) {
    return not_revoked("connectors.github.client_secret is not configured: revoke the authorization on GitHub "
                       "(Settings, Applications)");
  }
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, config_, *clock_, stop, nullptr, TokenSource::fixed(""));
  auto revoked = OAuthClient(config_, api).revoke(token);
  if (!revoked) return revoked.failure();
  if (!*revoked) return not_revoked("GitHub no longer knew the token (already revoked or expired)");
  context.set_output("{\"revoked\":true}");
  return {};
}

Status Connector::repos_available(const Context& context) {
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, config_, *clock_, stop, &etags_, TokenSource::connection(context));
  auto out = list_available_repositories(api);
  if (!out) return out.failure();
  context.set_output(*out);
  return {};
}

Status Connector::repo_status(const Context& context, const Object& params) {
  const Params p("repo_status", params);
  auto repository = p.required_string("repository");
  if (!repository) return repository.failure();
  if (!is_numeric_id(*repository) && !valid_full_name(*repository)) {
    return p.bad("repository", "must be a numeric repository id or OWNER/NAME, got '" + *repository + "'");
  }
  auto with_branches = p.optional_bool("with_branches", false);
  if (!with_branches) return with_branches.failure();
  auto known_name = p.optional_string("full_name", "");
  if (!known_name) return known_name.failure();
  if (!known_name->empty() && !valid_full_name(*known_name)) return p.bad("full_name", "must be OWNER/NAME");
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, config_, *clock_, stop, &etags_, TokenSource::connection(context));
  auto check = check_repository(api, *repository, *with_branches, *known_name);
  if (!check) return check.failure();
  context.set_output(repo_check_json(*check));
  return {};
}

Status Connector::backup(const Context& context, const Object& input) {
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, config_, *clock_, stop, &etags_, TokenSource::connection(context));
  return run_backup(context, api, writer_, input);
}

Status Connector::backup_objects(const Context& context, const Object& input) {
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, config_, *clock_, stop, &etags_, TokenSource::connection(context));
  return run_backup_objects(context, api, reader_, input);
}

}  // namespace hsd::plugins::github
