#include "loaded_plugin.hpp"

#include <algorithm>
#include <cstring>

namespace hsd::engine {

LoadedPlugin::LoadedPlugin(boost::dll::shared_library library, const hsd_plugin_api& api,
                           std::filesystem::path file, PluginDescriptor descriptor)
    : library_(std::move(library)), api_(api), file_(std::move(file)),
      descriptor_(std::move(descriptor)) {
  // Like the descriptor: fields a newer plugin appended are ignored, fields an older one
  // lacks read as NULL (the loader checked the table holds at least the 1.0 operations).
  if (api_.storage) {
    std::memcpy(&storage_, api_.storage, std::min<size_t>(api_.storage->struct_size, sizeof(storage_)));
  }
}

LoadedPlugin::~LoadedPlugin() {
  if (instance_ && api_.destroy) api_.destroy(instance_);
}

Status LoadedPlugin::create(std::string_view config_json) {
  CallContext call;
  call.plugin_id = descriptor_.id;
  const hsd_status status = api_.create(&PluginHost::host_api(), &call,
                                        {config_json.data(), config_json.size()}, &instance_);
  if (status == HSD_OK && instance_) return {};
  Error error = call.take_error().value_or(make_error(ErrorCode::internal, "create() gave no instance"));
  instance_ = nullptr;
  error.message = "plugin '" + descriptor_.id + "' (" + file_.string() +
                  ") could not start: " + error.message;
  return error;
}

Status LoadedPlugin::invoke(CallContext& call, std::string_view action, std::string_view input) {
  if (!api_.invoke) {
    return make_error(ErrorCode::unsupported,
                      "plugin '" + descriptor_.id + "' offers no actions (kind " + descriptor_.kind + ")");
  }
  if (!find_action(action)) {
    std::string known;
    for (const auto& a : descriptor_.actions) known += (known.empty() ? "" : ", ") + a.name;
    return make_error(ErrorCode::unsupported, "plugin '" + descriptor_.id + "' has no action '" +
                                                  std::string(action) + "'; it offers: " + known);
  }
  call.plugin_id = descriptor_.id;
  (void)call.take_error();  // a reused call starts without the last action's error
  const hsd_status status =
      api_.invoke(instance_, &call, {action.data(), action.size()}, {input.data(), input.size()});
  if (status == HSD_OK) return {};
  const bool known = status >= HSD_ERR_INVALID_ARGUMENT && status <= HSD_ERR_CANCELLED;
  const ErrorCode code = known ? static_cast<ErrorCode>(status) : ErrorCode::internal;
  Error error = call.error().value_or(make_error(code, "the action failed without saying why"));
  error.code = code;
  return error;
}

const ParamInfo* ActionInfo::find_param(std::string_view param) const {
  for (const auto& p : params) {
    if (p.name == param) return &p;
  }
  return nullptr;
}

const AuthTypeInfo* PluginManifest::find_auth_type(std::string_view value) const {
  for (const auto& type : auth_types) {
    if (type.value == value) return &type;
  }
  return nullptr;
}

const ObjectTypeInfo* PluginManifest::find_object_type(std::string_view type) const {
  for (const auto& info : object_types) {
    if (info.type == type) return &info;
  }
  return nullptr;
}

const ActionInfo* Plugin::find_action(std::string_view name) const {
  for (const auto& a : actions()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace hsd::engine
