#include "connecting.hpp"

#include "pipeline_run.hpp"

namespace hsd::engine {

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
  JsonObject data = new Poco::JSON::Object;
  data->set("redirect_uri", redirect_uri);
  auto state = create_oauth_state(session, binding, data, now_ms());
  if (!state) return state.error();
  CallContext call;
  call.http = &engine.http();
  JsonObject params = new Poco::JSON::Object;
  params->set("redirect_uri", redirect_uri);
  params->set("state", *state);
  HSD_TRY(plugin->invoke(call, "oauth_start", "{\"params\":" + stringify(params) + "}"));
  auto started = parse_object(call.output_json, "the oauth_start action's output");
  if (!started) return started.error();
  const auto url = (*started)->optValue<std::string>("url", "");
  if (url.empty()) return make_error(ErrorCode::internal, "plugin '" + plugin->id() + "' gave no authorize URL");
  return url;
}

}  // namespace hsd::engine
