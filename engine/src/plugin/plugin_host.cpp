#include "hsd/engine/plugin_host.hpp"

#include <algorithm>

#include "hsd/engine/log.hpp"
#include "plugin_loader.hpp"

namespace hsd::engine {

struct PluginHost::Loaded {
  std::unique_ptr<LoadedPlugin> plugin;
};

PluginHost::PluginHost() = default;

PluginHost::~PluginHost() {
  // Newest first, so a plugin never outlives one loaded before it.
  while (!loaded_.empty()) loaded_.pop_back();
}

Result<Plugin*> PluginHost::load(const std::filesystem::path& file, std::string_view config_json) {
  LoadOptions options;
  options.config_json = config_json;
  options.loaded_file = [this](std::string_view id) -> std::filesystem::path {
    Plugin* other = find(id);
    return other ? other->file() : std::filesystem::path();
  };
  auto plugin = load_plugin(file, options);
  if (!plugin) return plugin.error();
  Plugin* raw = plugin->get();
  loaded_.push_back(std::make_unique<Loaded>(Loaded{std::move(*plugin)}));
  log::debug("engine.plugin", "plugin loaded",
             {{"plugin", raw->id()}, {"version", raw->version()}, {"file", file.string()}});
  return raw;
}

std::vector<PluginRefusal> PluginHost::load_directory(const std::filesystem::path& dir,
                                                      const ConfigFor& config_for) {
  std::vector<PluginRefusal> refusals;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    refusals.push_back({"", make_error(ErrorCode::not_found,
                                       "plugins.dir '" + dir.string() + "' is not a folder; build "
                                       "the plugins or set plugins.dir in engine.yaml")});
    return refusals;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && name.rfind("libhsd_", 0) == 0 && entry.path().extension() == ".so") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const std::string id = file.stem().string().substr(std::string("libhsd_").size());
    auto loaded = load(file, config_for ? config_for(id) : "{}");
    if (!loaded) refusals.push_back({id, loaded.error()});
  }
  return refusals;
}

Plugin* PluginHost::find(std::string_view id) const {
  for (const auto& l : loaded_) {
    if (l->plugin->id() == id) return l->plugin.get();
  }
  return nullptr;
}

std::vector<Plugin*> PluginHost::plugins() const {
  std::vector<Plugin*> out;
  for (const auto& l : loaded_) out.push_back(l->plugin.get());
  return out;
}

}  // namespace hsd::engine
