#include "connecting.hpp"

#include "connect_params.hpp"
#include "pipeline_run.hpp"

namespace hsd::engine {
namespace {

constexpr const char* kConnectParamsSealContext = "oauth_state:connect_params";

}  // namespace

Result<JsonObject> connect_connection(Engine& engine, CredentialService& credentials, const ConnectRequest& request) {
  PipelineRequest run;
  run.pipeline = "connect";
  run.target.plugin = request.plugin;
  run.target.workspace_id = request.workspace_id;
  run.target.label = request.label;
  run.target.actor = request.actor;
  run.params_json = request.params_json;
  auto outcome = run_named_pipeline(engine, credentials, run);
  if (!outcome) return outcome.error();
  if (!outcome->report.ok || !outcome->connection) {
    return outcome->report.error.value_or(make_error(ErrorCode::internal, "connect did not store a connection"));
  }
  return *outcome->connection;
}

Result<std::string> start_oauth(Engine& engine, Session& session, const OAuthStateBinding& binding,
                                const std::string& redirect_uri) {
  Plugin* plugin = engine.plugins().find(binding.plugin);
  if (!plugin || !plugin->find_action("oauth_start")) {
    return make_error(ErrorCode::not_found, "plugin '" + binding.plugin + "' has no OAuth consent flow");
  }
  const std::string state = new_oauth_state();
  CallContext call;
  call.http = &engine.http();
  JsonObject params = new Poco::JSON::Object;
  params->set("redirect_uri", redirect_uri);
  params->set("state", state);
  HSD_TRY(plugin->invoke(call, "oauth_start", "{\"params\":" + stringify(params) + "}"));
  const std::string output_json = call.output();
  register_secret_outputs(*plugin, output_json);
  auto started = parse_object(output_json, "the oauth_start action's output");
  if (!started) return started.error();
  const auto url = (*started)->optValue<std::string>("url", "");
  if (url.empty()) return make_error(ErrorCode::internal, "plugin '" + plugin->id() + "' gave no authorize URL");
  JsonObject data = new Poco::JSON::Object;
  data->set("redirect_uri", redirect_uri);
  // What the plugin must get back with the code (e.g. a PKCE verifier) is a secret until then.
  if (auto extra = (*started)->getObject("connect_params")) {
    auto sealed = engine.sealer().seal(stringify(extra), kConnectParamsSealContext);
    if (!sealed) return sealed.error();
    data->set("sealed_connect_params", *sealed);
  }
  HSD_TRY(store_oauth_state(session, state, binding, data, now_ms()));
  return url;
}

Result<JsonObject> oauth_connect_params(const Engine& engine, const JsonObject& state_data, const std::string& code,
                                        const std::string& default_redirect_uri) {
  JsonObject params = new Poco::JSON::Object;
  if (const auto sealed = state_data->optValue<std::string>("sealed_connect_params", ""); !sealed.empty()) {
    auto opened = engine.sealer().unseal(sealed, kConnectParamsSealContext);
    if (!opened) return opened.error();
    auto extra = parse_object(*opened, "the OAuth state's connect parameters");
    if (!extra) return extra.error();
    params = *extra;
  }
  params->set("code", code);
  params->set("redirect_uri", state_data->optValue<std::string>("redirect_uri", default_redirect_uri));
  return params;
}

}  // namespace hsd::engine
