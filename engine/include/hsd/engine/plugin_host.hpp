// PluginHost finds plugin libraries, loads them with Boost.DLL, checks their descriptors
// against the ABI the engine was built with, creates their instances, and keeps them loaded
// until it is destroyed (instances are destroyed first, libraries unloaded last).
#pragma once

#include <hsd/abi.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/call_context.hpp"
#include "hsd/engine/compare_rules.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine {

struct ParamInfo {
  std::string name;
  std::string type;          // "string" | "integer" | "number" | "boolean" | "string_list" | "object"
  bool required = false;
  std::string default_json;  // empty when there is no default
  std::string description;
  bool secret = false;           // HSD_PARAM_SECRET: redacted everywhere, never echoed
  bool flow = false;             // HSD_PARAM_FLOW: only a connect flow supplies it
  bool direct_required = false;  // HSD_PARAM_DIRECT_REQUIRED: required when connecting directly
};

// How a plugin names a way of authenticating (a connection's auth_type) to people.
struct AuthTypeInfo {
  std::string value;  // stored in connections.auth_type, e.g. "api_key"
  std::string label;  // e.g. "Private app token"
};

// A token shape the plugin's provider issues; log redaction looks for it where its literal
// prefix appears.
struct TokenPattern {
  std::string prefix;  // e.g. "tok_"
  std::string regex;   // ECMAScript, matching the whole token from the prefix on
};

// One field of an object's summary, as a source plugin declares it per object type (manifest
// `object_types`, ABI 1.3): where the field is in the provider's JSON, so that a user interface
// shows any plugin's objects without knowing the plugin.
struct SummaryField {
  std::string label;    // e.g. "Enabled"
  std::string pointer;  // RFC 6901, into the object's data: "" or "/isEnabled"
  std::string item;     // when the value is an array: a pointer into each element ("/type")
  bool has_item = false;
};

// How a plugin presents one of its object types to people.
struct ObjectTypeInfo {
  std::string type;   // one of the plugin's object_types
  std::string label;  // e.g. "Workflows"; default: the type
  std::vector<SummaryField> summary;
  CompareRules compare;  // manifest object_types.<type>.compare (ABI 1.3); default: none
};

// What a plugin's manifest (ABI 1.2) tells people and the engine; defaults for older plugins.
struct PluginManifest {
  std::string display_name;                 // e.g. "Acme CRM"; default: the id
  std::string noun = "account";             // what one connection is to a person: "site"
  std::vector<AuthTypeInfo> auth_types;     // empty: the plugin declared none (ABI < 1.2)
  std::vector<std::string> secret_outputs;  // output fields whose values are secrets
  std::vector<TokenPattern> token_patterns;
  // Every one of the plugin's object_types, in their order, with the manifest's label and
  // summary (ABI 1.3) or the defaults (the type as label, no summary).
  std::vector<ObjectTypeInfo> object_types;
  const AuthTypeInfo* find_auth_type(std::string_view value) const;
  const ObjectTypeInfo* find_object_type(std::string_view type) const;
};

struct ActionInfo {
  std::string name;
  std::string description;
  std::vector<ParamInfo> params;
  const ParamInfo* find_param(std::string_view name) const;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual const std::string& id() const = 0;
  virtual const std::string& version() const = 0;
  virtual const std::string& kind() const = 0;  // "source" | "vcs_target" | "storage"
  virtual const std::string& description() const = 0;
  virtual const std::filesystem::path& file() const = 0;
  virtual unsigned abi_major() const = 0;
  virtual unsigned abi_minor() const = 0;
  virtual const std::vector<ActionInfo>& actions() const = 0;
  virtual const std::vector<std::string>& object_types() const = 0;
  virtual const PluginManifest& manifest() const = 0;
  const ActionInfo* find_action(std::string_view name) const;

  // Runs a named action (concurrent calls are allowed: instances are thread-safe). On success the action's
  // output JSON is in call.output(); on failure the error names the plugin and action.
  virtual Status invoke(CallContext& call, std::string_view action, std::string_view input_json) = 0;

  // Storage plugins only: the typed table and the instance it works on.
  virtual const hsd_storage_api* storage() const = 0;
  virtual void* instance() const = 0;
};

// A library of plugins.dir that did not load: the id its file name gives, and why.
struct PluginRefusal {
  std::string id;
  Error error;
};

class PluginHost {
 public:
  // Returns the JSON configuration object for a plugin id ("{}" when it has none).
  using ConfigFor = std::function<std::string(std::string_view plugin_id)>;

  PluginHost();
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Loads one library. A refusal is one line naming the file, the plugin and both ABI
  // versions where they are known, and what to do.
  Result<Plugin*> load(const std::filesystem::path& file, std::string_view config_json = "{}");

  // Loads every library named like a plugin (libhsd_<id>.so) in dir, in name order.
  // Returns the refusals (a missing folder is one with an empty id); the plugins that
  // loaded stay loaded.
  std::vector<PluginRefusal> load_directory(const std::filesystem::path& dir, const ConfigFor& config_for);

  Plugin* find(std::string_view id) const;
  std::vector<Plugin*> plugins() const;

  // The table every plugin receives.
  static const hsd_host_api& host_api();

 private:
  struct Loaded;
  std::vector<std::unique_ptr<Loaded>> loaded_;
};

}  // namespace hsd::engine
