#include "plugin_view.hpp"

#include <Poco/JSON/Parser.h>

#include "compare/effective_rules.hpp"
#include "connect_params.hpp"

namespace hsd::engine {
namespace {

// The rules a comparison uses for a type, the operator's additions merged on: {key, ignore,
// arrays: [{at, key}]}, key null when objects match by the provider's id.
JsonObject compare_rules_view(const CompareRules& rules) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (rules.key) {
    view->set("key", *rules.key);
  } else {
    view->set("key", Poco::Dynamic::Var());
  }
  view->set("ignore", to_array(rules.ignore));
  Poco::JSON::Array::Ptr arrays = new Poco::JSON::Array;
  for (const auto& array : rules.arrays) {
    JsonObject item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("at", array.at);
    item->set("key", array.key);
    arrays->add(item);
  }
  view->set("arrays", arrays);
  return view;
}

// The manifest's object types: [{type, label, summary: [{label, pointer, item?}], compare}].
Poco::JSON::Array::Ptr metadata_types_view(const std::string& plugin, const PluginManifest& manifest,
                                           const EngineConfig& config) {
  Poco::JSON::Array::Ptr types = new Poco::JSON::Array;
  for (const auto& info : manifest.object_types) {
    JsonObject item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("type", info.type);
    item->set("label", info.label);
    Poco::JSON::Array::Ptr summary = new Poco::JSON::Array;
    for (const auto& field : info.summary) {
      JsonObject entry = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      entry->set("label", field.label);
      entry->set("pointer", field.pointer);
      if (field.has_item) entry->set("item", field.item);
      summary->add(entry);
    }
    item->set("summary", summary);
    item->set("compare", compare_rules_view(compare::effective_rules(info.compare, config, plugin, info.type)));
    types->add(item);
  }
  return types;
}

}  // namespace

JsonObject plugin_view(const Plugin& plugin, const EngineConfig& config) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  const PluginManifest& manifest = plugin.manifest();
  view->set("id", plugin.id());
  view->set("kind", plugin.kind());
  view->set("version", plugin.version());
  view->set("display_name", manifest.display_name);
  view->set("noun", manifest.noun);
  view->set("description", plugin.description());
  Poco::JSON::Array::Ptr params = new Poco::JSON::Array;
  if (const ActionInfo* connect = plugin.find_action("connect")) {
    for (const ParamInfo* param : direct_connect_params(*connect)) {
      // `label` is the engine's own field: the connection's name, passed on to plugins that take it.
      if (param->name == "label") continue;
      JsonObject item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      item->set("name", param->name);
      item->set("type", param->type);
      item->set("required", required_directly(*param));
      item->set("secret", param->secret);
      item->set("description", param->description);
      if (!param->default_json.empty()) {
        // Poco parses only an object or an array at the top: a scalar default goes in an array.
        try {
          auto wrapped = Poco::JSON::Parser().parse("[" + param->default_json + "]").extract<Poco::JSON::Array::Ptr>();
          item->set("default", wrapped->get(0));
        } catch (const Poco::Exception&) {
          // The loader checked nothing about defaults; a malformed one is simply not shown.
        }
      }
      params->add(item);
    }
  }
  view->set("connect_params", params);
  view->set("flows", to_array(connect_flows(plugin)));
  Poco::JSON::Array::Ptr auth_types = new Poco::JSON::Array;
  for (const auto& type : manifest.auth_types) {
    JsonObject item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("value", type.value);
    item->set("label", type.label);
    auth_types->add(item);
  }
  view->set("auth_types", auth_types);
  view->set("object_types", to_array(plugin.object_types()));
  view->set("metadata_types", metadata_types_view(plugin.id(), manifest, config));
  return view;
}

}  // namespace hsd::engine
