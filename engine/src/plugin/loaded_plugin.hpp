// LoadedPlugin owns one plugin library, its descriptor copy and its instance. Members are
// destroyed in reverse order of declaration, so the library (declared first) is unloaded
// only after the instance was destroyed.
#pragma once

#include <hsd/abi.h>

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {

struct PluginDescriptor {
  std::string id;
  std::string version;
  std::string kind;
  std::string description;
  unsigned abi_major = 0;
  unsigned abi_minor = 0;
  std::vector<ActionInfo> actions;
  std::vector<std::string> object_types;
  PluginManifest manifest;
};

class LoadedPlugin final : public Plugin {
 public:
  LoadedPlugin(boost::dll::shared_library library, const hsd_plugin_api& api,
               std::filesystem::path file, PluginDescriptor descriptor);
  ~LoadedPlugin() override;

  // Creates the instance; called once by the loader.
  Status create(std::string_view config_json);

  const std::string& id() const override { return descriptor_.id; }
  const std::string& version() const override { return descriptor_.version; }
  const std::string& kind() const override { return descriptor_.kind; }
  const std::string& description() const override { return descriptor_.description; }
  const std::filesystem::path& file() const override { return file_; }
  unsigned abi_major() const override { return descriptor_.abi_major; }
  unsigned abi_minor() const override { return descriptor_.abi_minor; }
  const std::vector<ActionInfo>& actions() const override { return descriptor_.actions; }
  const std::vector<std::string>& object_types() const override { return descriptor_.object_types; }
  const PluginManifest& manifest() const override { return descriptor_.manifest; }
  Status invoke(CallContext& call, std::string_view action, std::string_view input_json) override;
  const hsd_storage_api* storage() const override { return api_.storage ? &storage_ : nullptr; }
  void* instance() const override { return instance_; }

 private:
  boost::dll::shared_library library_;  // first: unloaded last
  hsd_plugin_api api_;                  // zero-extended copy of the plugin's descriptor
  hsd_storage_api storage_{};           // zero-extended copy of its storage table, if any
  std::filesystem::path file_;
  PluginDescriptor descriptor_;
  // invoke() is not serialised: the ABI requires instances to be thread-safe, so that a
  // refresh requested from a plugin's worker thread, or several connections' retrievals,
  // can run while another call of the same instance is in progress.
  void* instance_ = nullptr;
};

}  // namespace hsd::engine
