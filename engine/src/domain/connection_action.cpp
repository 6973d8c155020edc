#include "connection_action.hpp"

#include <chrono>
#include <mutex>

#include "connections.hpp"
#include "plugin_call.hpp"

namespace hsd::engine {

std::string plugin_input_json(const Engine& engine, const std::string& plugin_id, const std::string& params_json,
                              const std::string& connection_json, const std::string& credentials_json) {
  const std::string data_dir = (engine.config().plugin_data_dir / plugin_id).string();
  return "{\"params\":" + (params_json.empty() ? std::string("{}") : params_json) + ",\"connection\":" +
         connection_json + ",\"credentials\":" + credentials_json +
         ",\"data_dir\":" + stringify(Poco::Dynamic::Var(data_dir)) + "}";
}

Result<JsonObject> run_connection_action(Engine& engine, CredentialService& credentials, Session& session,
                                         const JsonObject& connection, const std::string& action,
                                         const JsonObject& params) {
  const auto plugin_id = connection->getValue<std::string>("plugin");
  Plugin* plugin = engine.plugins().find(plugin_id);
  if (!plugin) return make_error(ErrorCode::unavailable, "plugin '" + plugin_id + "' is not loaded");
  if (!plugin->find_action(action)) {
    return make_error(ErrorCode::unsupported, "plugin '" + plugin_id + "' has no action '" + action + "'");
  }
  const auto id = connection->getValue<std::int64_t>("id");
  auto stored = credentials.load(session, id);
  if (!stored) return stored.error();
  const std::string input =
      plugin_input_json(engine, plugin_id, stringify(params), stringify(connection_view(connection)), *stored);
  std::mutex session_mutex;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  PluginCall call(credentials, session, session_mutex, id, nullptr, nullptr, deadline);
  call.http = &engine.http();
  HSD_TRY(plugin->invoke(call, action, input));
  const std::string output_json = call.output();
  return parse_object(output_json.empty() ? "{}" : output_json,
                      "the output of " + plugin_id + "." + action);
}

}  // namespace hsd::engine
