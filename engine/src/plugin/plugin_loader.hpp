// Loads one plugin library and checks it, in a fixed order, before any of its code but the
// entry function runs: the file is not writable by others, it loads, it has the entry
// symbol, and the descriptor has the magic, a large enough struct_size, the same ABI major,
// a minimum host minor not newer than the engine's, a valid id and kind, and well-formed
// actions. Each refusal is one line naming the file, the plugin and both versions where
// they are known, and what to do.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>

#include "loaded_plugin.hpp"

namespace hsd::engine {

struct LoadOptions {
  std::string_view config_json = "{}";
  // Returns the file of an already loaded plugin with this id, or empty.
  std::function<std::filesystem::path(std::string_view id)> loaded_file;
};

Result<std::unique_ptr<LoadedPlugin>> load_plugin(const std::filesystem::path& file,
                                                  const LoadOptions& options);

}  // namespace hsd::engine
