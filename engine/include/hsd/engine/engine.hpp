// Engine ties the parts together for one process: configuration, loaded plugins, the
// storage plugin's session factory, the secret sealer, the HTTP client plugins use, and
// the validated pipelines. The CLI and the service are thin layers over it.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "hsd/engine/config.hpp"
#include "hsd/engine/http_client.hpp"
#include "hsd/engine/pipeline.hpp"
#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/result.hpp"
#include "hsd/engine/sealer.hpp"
#include "hsd/engine/storage.hpp"

namespace hsd::engine {

class EngineCatalog;

// Which parts a command needs; plugins are always loaded.
struct EngineParts {
  bool storage = true;
  bool secrets = true;
  bool pipelines = true;
};

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> open(EngineConfig config, const Environment& env,
                                              EngineParts parts = {});
  ~Engine();

  const EngineConfig& config() const { return config_; }
  PluginHost& plugins() { return plugins_; }
  // Optional plugins that failed to load, one line each.
  const std::vector<Error>& plugin_refusals() const { return refusals_; }
  const ActionCatalog& catalog() const;
  HttpClient& http() { return *http_; }

  // Only when the part was opened.
  Storage& storage() { return *storage_; }
  const Sealer& sealer() const { return *sealer_; }
  const PipelineSet& pipelines() const { return *pipelines_; }

 private:
  explicit Engine(EngineConfig config);

  EngineConfig config_;
  PluginHost plugins_;
  std::vector<Error> refusals_;
  std::unique_ptr<EngineCatalog> catalog_;
  std::unique_ptr<HttpClient> http_;
  std::unique_ptr<Storage> storage_;
  std::optional<Sealer> sealer_;
  std::optional<PipelineSet> pipelines_;
};

}  // namespace hsd::engine
