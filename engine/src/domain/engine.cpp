#include "hsd/engine/engine.hpp"

#include "compare_rules_check.hpp"
#include "engine_catalog.hpp"
#include "hsd/engine/log.hpp"

namespace hsd::engine {
namespace {

// What a plugin declared secret is redacted from every log line, error and answer from now on:
// its secret parameters' and outputs' field names, and its provider's token shapes.
void register_declared_secrets(const Plugin& plugin) {
  for (const auto& action : plugin.actions()) {
    for (const auto& param : action.params) {
      if (param.secret) log::add_secret_field(param.name);
    }
  }
  for (const auto& field : plugin.manifest().secret_outputs) log::add_secret_field(field);
  for (const auto& token : plugin.manifest().token_patterns) log::add_token_pattern(token.prefix, token.regex);
}

}  // namespace

Engine::Engine(EngineConfig config) : config_(std::move(config)) {}
Engine::~Engine() = default;

const ActionCatalog& Engine::catalog() const { return *catalog_; }

Result<std::unique_ptr<Engine>> Engine::open(EngineConfig config, const Environment& env,
                                             EngineParts parts) {
  std::unique_ptr<Engine> engine(new Engine(std::move(config)));
  const EngineConfig& cfg = engine->config_;
  engine->http_ = std::make_unique<HttpClient>();
  engine->catalog_ = std::make_unique<EngineCatalog>(engine->plugins_);

  auto refusals = engine->plugins_.load_directory(
      cfg.plugins_dir, [&cfg](std::string_view id) { return cfg.plugin_config_json(std::string(id)); });
  std::set<std::string> refused;
  for (auto& refusal : refusals) {
    refused.insert(refusal.id);
    // plugins.dir itself and the storage plugin are required; any other plugin that does not
    // load is only unavailable.
    if (refusal.id.empty() || (parts.storage && refusal.id == cfg.storage.plugin)) {
      return std::move(refusal.error);
    }
    log::error("engine.plugin", refusal.error.message);
    engine->refusals_.push_back(std::move(refusal.error));
  }
  for (const Plugin* plugin : engine->plugins_.plugins()) register_declared_secrets(*plugin);
  HSD_TRY(check_compare_rules(cfg, engine->plugins_, refused));

  if (parts.storage) {
    Plugin* storage = engine->plugins_.find(cfg.storage.plugin);
    if (!storage || storage->kind() != "storage") {
      std::string available;
      for (const Plugin* p : engine->plugins_.plugins()) {
        if (p->kind() == "storage") available += (available.empty() ? "" : ", ") + p->id();
      }
      return make_error(ErrorCode::invalid_argument,
                        cfg.file.string() + ": storage.plugin '" + cfg.storage.plugin +
                            "' is not a storage plugin in " + cfg.plugins_dir.string() +
                            "; available: " + (available.empty() ? "none" : available));
    }
    engine->storage_ = std::make_unique<Storage>(storage->storage(), storage->instance());
  }
  if (parts.secrets) {
    auto key = env.find("HSD_SECRET_KEY");
    auto sealer = Sealer::open(key == env.end() ? "" : key->second, cfg.key_file);
    if (!sealer) return sealer.error();
    engine->sealer_.emplace(std::move(*sealer));
  }
  if (parts.pipelines) {
    auto pipelines = load_pipeline_dir(cfg.pipelines_dir, *engine->catalog_);
    if (!pipelines) return pipelines.error();
    engine->pipelines_.emplace(std::move(*pipelines));
  }
  return engine;
}

}  // namespace hsd::engine
