#include "connect_params.hpp"

#include "hsd/engine/log.hpp"

namespace hsd::engine {
namespace {

// A JSON value of a declared parameter type, strictly: a number in a string is not a number
// here (the CLI converts its text before it gets this far).
bool has_type(const Poco::Dynamic::Var& value, const std::string& type) {
  if (type == "string") return value.isString();
  if (type == "integer") return value.isInteger() && value.type() != typeid(bool);
  if (type == "number") return value.isNumeric() && value.type() != typeid(bool);
  if (type == "boolean") return value.isBoolean();
  if (type == "object") return value.type() == typeid(JsonObject);
  if (type == "string_list") return is_string_array(value);
  return false;
}

std::string type_words(const std::string& type) {
  if (type == "string") return "a string";
  if (type == "integer") return "an integer";
  if (type == "number") return "a number";
  if (type == "boolean") return "true or false";
  if (type == "object") return "a JSON object";
  if (type == "string_list") return "an array of strings";
  return type;
}

void register_named(const Poco::Dynamic::Var& value, const std::vector<std::string>& names, bool inside) {
  if (inside && value.isString()) {
    log::add_secret(value.toString());
  } else if (value.type() == typeid(JsonObject)) {
    for (const auto& [key, member] : *value.extract<JsonObject>()) {
      const bool named = std::find(names.begin(), names.end(), key) != names.end();
      register_named(member, names, inside || named);
    }
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) register_named(array->get(i), names, inside);
  }
}

}  // namespace

std::vector<const ParamInfo*> direct_connect_params(const ActionInfo& connect) {
  std::vector<const ParamInfo*> params;
  for (const auto& param : connect.params) {
    if (!param.flow) params.push_back(&param);
  }
  return params;
}

bool required_directly(const ParamInfo& param) { return param.required || param.direct_required; }

std::vector<std::string> connect_flows(const Plugin& plugin) {
  std::vector<std::string> flows;
  const ActionInfo* connect = plugin.find_action("connect");
  if (!connect) return flows;
  if (plugin.find_action("oauth_start") && connect->find_param("code") && connect->find_param("redirect_uri")) {
    flows.push_back("oauth");
  }
  if (plugin.find_action("device_start") && connect->find_param("device_code")) flows.push_back("device");
  return flows;
}

Result<JsonObject> check_direct_connect(const Plugin& plugin, const ActionInfo& connect, const JsonObject& given) {
  JsonObject params = new Poco::JSON::Object;
  for (const auto& [name, value] : *given) {
    const ParamInfo* param = connect.find_param(name);
    if (param && param->flow) {
      const auto flows = connect_flows(plugin);
      std::string how = "it belongs to a connect flow";
      if (!flows.empty()) {
        how = "it belongs to the " + flows.front() + " flow" +
              (flows.front() == "oauth" ? " (start it at /api/v1/oauth/" + plugin.id() + "/start)" : "");
      }
      return field_error(name, "cannot be given directly: " + how);
    }
    if (!param) {
      std::string allowed;
      for (const ParamInfo* p : direct_connect_params(connect)) allowed += (allowed.empty() ? "" : ", ") + p->name;
      return field_error(name, "unknown field for plugin '" + plugin.id() + "'; allowed: plugin, label" +
                                   (allowed.empty() ? std::string() : ", " + allowed));
    }
    if (value.isEmpty()) continue;  // null: not given
    if (!has_type(value, param->type)) return field_error(name, "must be " + type_words(param->type));
    if (value.isString() && value.toString().empty()) return field_error(name, "must not be empty");
    params->set(name, value);
  }
  for (const ParamInfo* param : direct_connect_params(connect)) {
    if (required_directly(*param) && !params->has(param->name)) {
      return field_error(param->name, "is required to connect " + plugin.manifest().display_name +
                                          (param->description.empty() ? std::string() : " (" + param->description + ")"));
    }
  }
  register_secret_values(connect, params);
  return params;
}

void register_secret_values(const ActionInfo& action, const JsonObject& params) {
  if (!params) return;
  for (const auto& param : action.params) {
    if (!param.secret || !params->has(param.name)) continue;
    register_named(params->get(param.name), {}, true);
  }
}

void register_secret_outputs(const Plugin& plugin, const std::string& output_json) {
  const auto& names = plugin.manifest().secret_outputs;
  if (names.empty() || output_json.empty()) return;
  auto output = parse_object(output_json, "an action's output");
  if (output) register_named(Poco::Dynamic::Var(*output), names, false);
}

}  // namespace hsd::engine
