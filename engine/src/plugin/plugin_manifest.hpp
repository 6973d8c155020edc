// Reads a plugin's manifest (ABI 1.2: hsd_plugin_api.manifest_json), the static JSON that says
// what the plugin calls itself and its connections, which auth types it stores and which of
// its values are secrets. A malformed manifest refuses the plugin with the field it got wrong.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {

// who: "plugin 'x' (file)" for messages. object_types: the plugin's declared types, which the
// manifest's `object_types` may describe. A NULL or empty manifest gives the defaults.
Result<PluginManifest> parse_manifest(const char* manifest_json, const std::string& id, const std::string& who,
                                      const std::vector<std::string>& object_types = {});

// The refusal of a plugin for one field of its manifest: "<who> rejected: its manifest's <field> <why>".
Error manifest_error(const std::string& who, const std::string& field, const std::string& why);
// object's member key, a non-empty string; absent gives "" unless required. field names it in
// the refusal.
Result<std::string> manifest_text(const Poco::JSON::Object::Ptr& object, const std::string& key,
                                  const std::string& field, const std::string& who, bool required);

}  // namespace hsd::engine
