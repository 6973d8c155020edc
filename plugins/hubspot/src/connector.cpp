#include "connector.hpp"

#include "account.hpp"
#include "api_client.hpp"
#include "oauth.hpp"
#include "object_types.hpp"
#include "plugin_descriptor.hpp"
#include "retrieval.hpp"
#include "task_group.hpp"

#include <hsd/plugins/support/json_reader.hpp>

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace hsd::plugins::hubspot {
namespace {

using hsd::sdk::Context;
using hsd::sdk::fail;
using hsd::sdk::json_string;
using hsd::sdk::Status;

std::string string_param(const Poco::JSON::Object::Ptr& params, const std::string& key) {
  return support::json_string_field(params, key).value_or("");
}

std::string warnings_json(const std::vector<std::string>& warnings) { return support::json_string_array(warnings); }

}  // namespace

Connector::Connector(Config config, std::shared_ptr<support::Clock> clock, std::function<double()> uniform)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      uniform_(std::move(uniform)),
      limiters_(config_.rate_limit) {}

Backoff Connector::backoff() const {
  BackoffPolicy policy;
  policy.max_attempts = config_.max_attempts;
  return Backoff(policy, uniform_);
}

Status Connector::invoke(const Context& context, std::string_view action, std::string_view input_json) {
  auto input = input_json.empty() ? Poco::JSON::Object::Ptr(new Poco::JSON::Object) : support::parse_json_object(input_json);
  if (!input) return fail(HSD_ERR_INVALID_ARGUMENT, "the action input is not a JSON object");
  const auto params = support::json_child(input, "params");
  if (action == "oauth_start") return oauth_start(context, params);
  if (action == "connect") return connect(context, params);
  if (action == "refresh") return refresh(context, support::json_child(input, "credentials"));
  if (action == "retrieve") return retrieve(context, params, support::json_child(input, "connection"));
  if (action == "revoke") return revoke(context, support::json_child(input, "credentials"));
  return fail(HSD_ERR_UNSUPPORTED, "the hubspot plugin has no action '" + std::string(action) + "'");
}

Status Connector::oauth_start(const Context& context, const Object& params) {
  if (!config_.oauth_configured()) return oauth_not_configured();
  const auto redirect_uri = string_param(params, "redirect_uri");
  const auto state = string_param(params, "state");
  if (redirect_uri.empty() || state.empty()) {
    return fail(HSD_ERR_INVALID_ARGUMENT, "oauth_start needs the parameters redirect_uri and state");
  }
  support::CancelSignal stop;
  ApiClient api(context, *clock_, stop, backoff(), nullptr);
  const std::string url = OAuthClient(config_, api).authorize_url(redirect_uri, state);
  context.set_output("{\"url\":" + json_string(url) + "}");
  return {};
}

Status Connector::connect(const Context& context, const Object& params) {
  const auto token = string_param(params, "private_app_token");
  const auto code = string_param(params, "code");
  std::string redirect_uri = string_param(params, "redirect_uri");
  if (!token.empty() && code.empty()) return connect_private_app(context, token);
  if (token.empty() && !code.empty()) {
    if (redirect_uri.empty()) redirect_uri = config_.redirect_uri;
    if (redirect_uri.empty()) {
      return fail(HSD_ERR_INVALID_ARGUMENT,
                  "connect with code also needs redirect_uri (the one the consent page got)");
    }
    return connect_oauth(context, code, redirect_uri);
  }
  return fail(HSD_ERR_INVALID_ARGUMENT,
              "connect needs exactly one of: private_app_token, or code with redirect_uri");
}

Status Connector::connect_private_app(const Context& context, const std::string& token) {
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, *clock_, stop, backoff(), nullptr);
  auto details = fetch_account_details(api, config_, token);
  if (!details) return details.failure();
  // A private app's scopes are chosen in HubSpot's UI and cannot be read back, so nothing is
  // claimed about them; a type the token cannot read is skipped with a warning at retrieval.
  const std::vector<std::string> warnings = {
      "A private app token's scopes cannot be checked in advance: types it lacks a scope for are skipped, "
      "with a warning, when metadata is retrieved"};
  std::string out = "{\"account_id\":" + json_string(details->portal_id) +
                    ",\"account_name\":" + json_string(details->display_name()) +
                    ",\"auth_type\":\"private_app\",\"credentials\":{\"access_token\":" + json_string(token) +
                    "},\"scopes_requested\":[],\"scopes_granted\":[],\"warnings\":" + warnings_json(warnings) + "}";
  context.set_output(out);
  context.info("connected portal " + details->portal_id + " with a private app token");
  return {};
}

Status Connector::connect_oauth(const Context& context, const std::string& code, const std::string& redirect_uri) {
  if (!config_.oauth_configured()) return oauth_not_configured();
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, *clock_, stop, backoff(), nullptr);
  OAuthClient oauth(config_, api);
  auto grant = oauth.exchange_code(code, redirect_uri);
  if (!grant) return grant.failure();
  if (grant->refresh_token.empty()) {
    return fail(HSD_ERR_UNAVAILABLE, "HubSpot's token response lacks refresh_token; the connection could not be made");
  }
  std::vector<std::string> warnings;
  // The token response says which portal but not its domain: introspection does.
  auto info = oauth.introspect(grant->access_token);
  std::optional<long long> hub_id = grant->hub_id;
  std::string hub_domain;
  std::vector<std::string> granted = grant->scopes.value_or(std::vector<std::string>{});
  if (info) {
    if (!hub_id) hub_id = info->hub_id;
    hub_domain = info->hub_domain;
    if (!grant->scopes) granted = info->scopes;
  } else {
    if (!hub_id) return info.failure();
    warnings.push_back("The portal's domain could not be read (" + info.failure().message + ")");
  }
  if (!hub_id) return fail(HSD_ERR_UNAVAILABLE, "HubSpot did not say which portal the token belongs to");
  const std::string account_id = std::to_string(*hub_id);
  const std::string account_name = hub_domain.empty() ? "Portal " + account_id : hub_domain;
  std::vector<std::string> requested = config_.scopes;
  for (const auto& scope : config_.optional_scopes) {
    if (std::find(requested.begin(), requested.end(), scope) == requested.end()) requested.push_back(scope);
  }
  for (auto& warning : scope_warnings(requested, granted)) warnings.push_back(std::move(warning));
  std::string out = "{\"account_id\":" + json_string(account_id) + ",\"account_name\":" + json_string(account_name) +
                    ",\"auth_type\":\"oauth\",\"credentials\":{\"access_token\":" + json_string(grant->access_token) +
                    ",\"refresh_token\":" + json_string(grant->refresh_token) +
                    "},\"expires_in\":" + std::to_string(grant->expires_in) +
                    ",\"scopes_requested\":" + support::json_string_array(config_.scopes) +
                    ",\"scopes_granted\":" + support::json_string_array(granted) + ",\"warnings\":" + warnings_json(warnings) +
                    "}";
  context.set_output(out);
  context.info("connected portal " + account_id + " through OAuth");
  return {};
}

Status Connector::refresh(const Context& context, const Object& credentials) {
  const auto refresh_token = string_param(credentials, "refresh_token");
  if (refresh_token.empty()) {
    return fail(HSD_ERR_UNSUPPORTED, "this connection has no refresh token (a private app token never expires)");
  }
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, *clock_, stop, backoff(), nullptr);
  auto grant = OAuthClient(config_, api).refresh(refresh_token);
  if (!grant) return grant.failure();
  // Persist whatever refresh token HubSpot returns; rotation is not documented either way.
  const std::string next_refresh = grant->refresh_token.empty() ? refresh_token : grant->refresh_token;
  context.set_output("{\"credentials\":{\"access_token\":" + json_string(grant->access_token) +
                     ",\"refresh_token\":" + json_string(next_refresh) +
                     "},\"expires_in\":" + std::to_string(grant->expires_in) + "}");
  return {};
}

Status Connector::retrieve(const Context& context, const Object& params, const Object& connection) {
  std::vector<std::string> types;
  if (params->has("types") && !params->isNull("types")) {
    auto list = params->getArray("types");
    if (!list) return fail(HSD_ERR_INVALID_ARGUMENT, "retrieve: types must be a list of type names");
    for (size_t i = 0; i < list->size(); ++i) {
      const auto value = list->get(static_cast<unsigned>(i));
      const std::string type = value.isString() ? value.extract<std::string>() : std::string();
      if (!find_object_type(type)) {
        return fail(HSD_ERR_INVALID_ARGUMENT,
                    "retrieve: unknown type '" + type +
                        "' in types (known: custom_object_schemas, contact_properties, deal_properties, "
                        "workflows, forms)");
      }
      if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
    }
  } else {
    types.assign(std::begin(kObjectTypes), std::end(kObjectTypes));
  }
  // Limits are per portal, so every call on the same portal shares one limiter.
  const std::string hub_id = support::json_string_field(connection, "account_id").value_or("");
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, *clock_, stop, backoff(), limiters_.for_portal(hub_id));
  TaskGroup tasks(config_.max_concurrency, stop);
  Retrieval run(context, config_, api, tasks, types);
  return run.run();
}

Status Connector::revoke(const Context& context, const Object& credentials) {
  const auto refresh_token = string_param(credentials, "refresh_token");
  if (refresh_token.empty()) {
    context.set_output("{\"revoked\":false,\"reason\":\"a private app token has nothing to revoke\"}");
    return {};
  }
  support::CancelSignal stop([&context] { return context.cancelled(); });
  ApiClient api(context, *clock_, stop, backoff(), nullptr);
  auto revoked = OAuthClient(config_, api).revoke(refresh_token);
  if (!revoked) return revoked.failure();
  context.set_output(*revoked ? "{\"revoked\":true}"
                              : "{\"revoked\":false,\"reason\":\"the refresh token was already invalid\"}");
  return {};
}

}  // namespace hsd::plugins::hubspot
