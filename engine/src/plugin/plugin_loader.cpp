#include "plugin_loader.hpp"

#include "plugin_manifest.hpp"

#include <dlfcn.h>
#include <sys/stat.h>

#include <cstddef>
#include <cstring>
#include <regex>
#include <sstream>

namespace hsd::engine {
namespace {

// The descriptor size of ABI 1.0: a plugin's struct_size may be larger (a newer minor), never smaller.
constexpr size_t kPluginApiV1_0Size = offsetof(hsd_plugin_api, storage) + sizeof(void*);

std::string abi_text(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

std::string host_abi() { return abi_text(HSD_ABI_VERSION_MAJOR, HSD_ABI_VERSION_MINOR); }

Error refuse(const std::string& who, const std::string& why) {
  return make_error(ErrorCode::invalid_argument, who + " rejected: " + why);
}

std::string file_who(const std::filesystem::path& file) { return "plugin file '" + file.string() + "'"; }

std::string plugin_who(const std::string& id, const std::filesystem::path& file) {
  return "plugin '" + id + "' (" + file.string() + ")";
}

// dlopen's own message is more useful than errno's ("undefined symbol: ...").
std::string dl_reason(const std::filesystem::path& file) {
  void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle) {
    ::dlclose(handle);
    return "unknown reason";
  }
  const char* reason = ::dlerror();
  return reason ? reason : "unknown reason";
}

bool valid_id(std::string_view id) {
  static const std::regex kId("[a-z][a-z0-9_]*");
  return std::regex_match(id.begin(), id.end(), kId);
}

const char* str_or_empty(const char* s) { return s ? s : ""; }

Result<std::vector<ActionInfo>> read_actions(const hsd_plugin_api& api, const std::string& who) {
  std::vector<ActionInfo> actions;
  if (api.action_count == 0) return actions;
  if (!api.actions || api.action_size < offsetof(hsd_action_desc, param_count) + sizeof(size_t)) {
    return refuse(who, "its action table is missing or its action_size is too small; rebuild against the SDK");
  }
  for (size_t i = 0; i < api.action_count; ++i) {
    const auto* desc = reinterpret_cast<const hsd_action_desc*>(
        reinterpret_cast<const char*>(api.actions) + i * api.action_size);
    if (!desc->name || !valid_id(desc->name)) {
      return refuse(who, "action #" + std::to_string(i + 1) + " has no valid name (lower snake case)");
    }
    ActionInfo action{desc->name, str_or_empty(desc->description), {}};
    if (desc->param_count > 0 &&
        (!desc->params || desc->param_size < offsetof(hsd_param_desc, description) + sizeof(char*))) {
      return refuse(who, "action '" + action.name + "' has a missing or too small parameter table");
    }
    for (size_t p = 0; p < desc->param_count; ++p) {
      const auto* param = reinterpret_cast<const hsd_param_desc*>(
          reinterpret_cast<const char*>(desc->params) + p * desc->param_size);
      static const std::regex kType("string|integer|number|boolean|string_list|object");
      if (!param->name || !valid_id(param->name) || !param->type ||
          !std::regex_match(param->type, kType)) {
        return refuse(who, "action '" + action.name + "' parameter #" + std::to_string(p + 1) +
                               " needs a lower snake case name and a type (string, integer, number, "
                               "boolean, string_list, object)");
      }
      ParamInfo info{param->name, param->type, param->required != 0, str_or_empty(param->default_json),
                     str_or_empty(param->description)};
      // Flags came with ABI 1.2; an older plugin's parameters have none.
      const uint32_t flags = HSD_HAS_FIELD(param, hsd_param_desc, flags) && desc->param_size >= offsetof(hsd_param_desc, flags) + sizeof(uint32_t)
                                 ? param->flags
                                 : 0u;
      if (flags & ~uint32_t{HSD_PARAM_SECRET | HSD_PARAM_FLOW | HSD_PARAM_DIRECT_REQUIRED}) {
        return refuse(who, "action '" + action.name + "' parameter '" + info.name + "' has unknown flags; rebuild against the SDK");
      }
      info.secret = flags & HSD_PARAM_SECRET;
      info.flow = flags & HSD_PARAM_FLOW;
      info.direct_required = flags & HSD_PARAM_DIRECT_REQUIRED;
      action.params.push_back(std::move(info));
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

}  // namespace

Result<std::unique_ptr<LoadedPlugin>> load_plugin(const std::filesystem::path& file,
                                                  const LoadOptions& options) {
  // 1. The file exists and is not writable by others: such a file could be swapped for code
  //    that runs with the engine's rights.
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return make_error(ErrorCode::not_found, file_who(file) + " not found");
  }
  if (st.st_mode & S_IWOTH) {
    return refuse(file_who(file), "it is writable by other users; run 'chmod o-w " + file.string() + "'");
  }

  // 2. It loads, with every symbol resolved now rather than at the first call.
  boost::dll::shared_library library;
  boost::system::error_code ec;
  library.load(boost::dll::fs::path(file.string()), ec,
               boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (ec) {
    return refuse(file_who(file), "it could not be loaded: " + dl_reason(file) +
                                      "; check its dependencies with 'ldd " + file.string() + "'");
  }

  // 3. It has the one entry symbol.
  if (!library.has(HSD_PLUGIN_ENTRY_SYMBOL)) {
    return refuse(file_who(file), std::string("it exports no '") + HSD_PLUGIN_ENTRY_SYMBOL +
                                      "' symbol: not an hsdeploy plugin, or built without HSD_EXPORT "
                                      "(check -fvisibility)");
  }
  auto entry = library.get<const hsd_plugin_api*()>(HSD_PLUGIN_ENTRY_SYMBOL);
  const hsd_plugin_api* raw = entry();

  // 4. The descriptor.
  if (!raw) return refuse(file_who(file), std::string(HSD_PLUGIN_ENTRY_SYMBOL) + "() returned NULL");
  if (raw->magic != HSD_ABI_MAGIC) {
    std::ostringstream why;
    why << "bad magic 0x" << std::hex << raw->magic << " (expected 0x" << HSD_ABI_MAGIC
        << "): not an hsdeploy plugin descriptor";
    return refuse(file_who(file), why.str());
  }
  const bool has_id = raw->struct_size >= offsetof(hsd_plugin_api, id) + sizeof(char*) && raw->id;
  const std::string id = has_id ? raw->id : "";
  const std::string who = id.empty() ? file_who(file) : plugin_who(id, file);
  const std::string plugin_abi = abi_text(raw->abi_major, raw->abi_minor);
  if (raw->abi_major != HSD_ABI_VERSION_MAJOR) {
    return refuse(who, "built for ABI " + plugin_abi + ", engine provides ABI " + host_abi() +
                           "; rebuild it against sdk " + std::to_string(HSD_ABI_VERSION_MAJOR) + ".x");
  }
  if (raw->struct_size < kPluginApiV1_0Size) {
    return refuse(who, "its descriptor is " + std::to_string(raw->struct_size) + " bytes, ABI " +
                           host_abi() + " needs at least " + std::to_string(kPluginApiV1_0Size) +
                           "; rebuild it against sdk " + std::to_string(HSD_ABI_VERSION_MAJOR) + ".x");
  }
  if (raw->min_host_minor > HSD_ABI_VERSION_MINOR) {
    return refuse(who, "built for ABI " + plugin_abi + " and needs an engine with ABI " +
                           abi_text(HSD_ABI_VERSION_MAJOR, raw->min_host_minor) +
                           " or newer, engine provides ABI " + host_abi() +
                           "; upgrade hsdeploy or rebuild the plugin against sdk " + host_abi());
  }
  if (id.empty()) return refuse(who, "its descriptor has an empty id (ABI " + plugin_abi + ")");
  if (!valid_id(id)) return refuse(who, "its id must be lower snake case ([a-z][a-z0-9_]*)");

  // Copy the descriptor into a zeroed struct of the host's size: fields a newer minor
  // appended are ignored, fields an older plugin lacks read as zero.
  hsd_plugin_api api{};
  std::memcpy(&api, raw, std::min<size_t>(raw->struct_size, sizeof(api)));

  const std::string kind = str_or_empty(api.kind);
  if (kind != "source" && kind != "vcs_target" && kind != "storage") {
    return refuse(who, "unknown kind '" + kind + "'; allowed: source, vcs_target, storage");
  }
  if (!api.create || !api.destroy) return refuse(who, "its descriptor lacks create() or destroy()");
  if (kind == "storage" && !api.storage) return refuse(who, "a storage plugin needs its storage table");
  if (kind != "storage" && !api.invoke) return refuse(who, "a " + kind + " plugin needs invoke()");
  if (api.storage && api.storage->struct_size < offsetof(hsd_storage_api, job_finish) + sizeof(void*)) {
    return refuse(who, "its storage table is smaller than ABI " + host_abi() + " requires");
  }
  const std::string stem = file.stem().string();
  if (stem.rfind("libhsd_", 0) == 0 && stem != "libhsd_" + id) {
    return refuse(who, "its file name does not match its id; rename it to libhsd_" + id +
                           file.extension().string());
  }
  if (options.loaded_file) {
    const auto other = options.loaded_file(id);
    if (!other.empty()) {
      return refuse(who, "a plugin with id '" + id + "' is already loaded from " + other.string() +
                             "; remove one of them");
    }
  }

  auto actions = read_actions(api, who);
  if (!actions) return actions.error();
  PluginDescriptor descriptor{id,        str_or_empty(api.version), kind,
                              str_or_empty(api.description), api.abi_major, api.abi_minor,
                              std::move(*actions), {}, {}};
  for (uint32_t i = 0; i < api.object_type_count && api.object_types; ++i) {
    if (api.object_types[i]) descriptor.object_types.emplace_back(api.object_types[i]);
  }
  auto manifest = parse_manifest(api.manifest_json, id, who, descriptor.object_types);
  if (!manifest) return manifest.error();
  descriptor.manifest = std::move(*manifest);

  // 5. Only now does plugin code beyond the entry run.
  auto plugin = std::make_unique<LoadedPlugin>(std::move(library), api, file, std::move(descriptor));
  HSD_TRY(plugin->create(options.config_json));
  return plugin;
}

}  // namespace hsd::engine
