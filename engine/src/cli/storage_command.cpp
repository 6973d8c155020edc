// hsdeploy storage status | migrate: the database's schema against the one this hsdeploy
// knows. Both load the storage plugin themselves: status with migrate "inspect" (nothing is
// applied or refused), migrate with "auto" (pending migrations are applied as it loads), so
// that an operator running engines with storage.migrate: manual upgrades the schema once.
#include <Poco/JSON/Array.h>

#include <algorithm>
#include <memory>
#include <ostream>

#include "cli.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const std::vector<CommandSpec> kSubcommands = {
    {"storage status", "storage status [--output json]",
     "the database's schema version, the newest this hsdeploy knows, and the migrations pending"},
    {"storage migrate", "storage migrate [--output json]",
     "apply the pending schema migrations (for engines running with storage.migrate: manual)"},
};

// The schema as the storage plugin loaded with migrate `mode` sees it. The engine is closed
// again before this returns, so that the next load starts afresh.
Result<SchemaStatus> read_schema(Cli& cli, const std::string& mode) {
  auto config = load_config(cli.options().config_file, cli.env());
  if (!config) return config.error();
  config->storage.migrate = mode;
  auto engine = Engine::open(std::move(*config), cli.env(), {.storage = true, .secrets = false, .pipelines = false});
  if (!engine) return engine.error();
  auto session = (*engine)->storage().open_session();
  if (!session) return session.error();
  auto status = session->schema_status();
  if (!status) return status.error();
  if (!status->known) {
    return make_error(ErrorCode::unsupported,
                      "the storage plugin cannot report its schema (it is older than storage ABI 1.4); upgrade it");
  }
  return status;
}

Poco::JSON::Array::Ptr migrations_json(const std::vector<SchemaMigration>& migrations, bool with_time) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& migration : migrations) {
    JsonObject item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("version", migration.version);
    item->set("name", migration.name);
    if (with_time) item->set("applied_at", migration.applied_at ? Poco::Dynamic::Var(iso8601(migration.applied_at)) : Poco::Dynamic::Var());
    array->add(item);
  }
  return array;
}

std::string newer_message(const SchemaStatus& status) {
  return "the database schema is at version " + std::to_string(status.version) + ", newer than this hsdeploy knows (" +
         std::to_string(status.supported) + "): another engine has migrated it; upgrade this hsdeploy";
}

int status(Cli& cli) {
  auto schema = read_schema(cli, "inspect");
  if (!schema) return cli.fail(schema.error());
  if (cli.json()) {
    JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("version", schema->version);
    out->set("supported", schema->supported);
    out->set("newer", schema->newer());
    out->set("pending", migrations_json(schema->pending, false));
    out->set("applied", migrations_json(schema->applied, true));
    print_json(cli.out(), out);
    return kExitOk;
  }
  cli.out() << "schema version " << schema->version << "; this hsdeploy knows up to " << schema->supported << "\n";
  if (schema->newer()) {
    cli.out() << newer_message(*schema) << "\n";
  } else if (schema->pending.empty()) {
    cli.out() << "no migrations pending\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& migration : schema->pending) rows.push_back({std::to_string(migration.version), migration.name});
    cli.out() << "pending migrations:\n";
    print_table(cli.out(), {"VERSION", "NAME"}, rows);
    cli.out() << "apply them with 'hsdeploy storage migrate'\n";
  }
  return kExitOk;
}

int migrate(Cli& cli) {
  auto before = read_schema(cli, "inspect");
  if (!before) return cli.fail(before.error());
  if (before->newer()) return cli.fail(make_error(ErrorCode::unsupported, newer_message(*before)));
  std::vector<SchemaMigration> applied;
  std::int64_t version = before->version;
  if (!before->pending.empty()) {
    auto after = read_schema(cli, "auto");
    if (!after) return cli.fail(after.error());
    for (const auto& migration : before->pending) {
      const bool done = std::any_of(after->applied.begin(), after->applied.end(),
                                    [&](const SchemaMigration& a) { return a.version == migration.version; });
      if (done) applied.push_back(migration);
    }
    version = after->version;
  }
  if (cli.json()) {
    JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("applied", migrations_json(applied, false));
    out->set("version", version);
    print_json(cli.out(), out);
    return kExitOk;
  }
  if (applied.empty()) {
    cli.out() << "nothing to migrate: the database schema is at version " << version << "\n";
    return kExitOk;
  }
  for (const auto& migration : applied) cli.out() << "applied " << migration.version << " " << migration.name << "\n";
  cli.out() << "the database schema is now at version " << version << "\n";
  return kExitOk;
}

}  // namespace

int run_storage(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("storage", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("storage", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  return args[0] == "status" ? status(cli) : migrate(cli);
}

}  // namespace hsd::engine::cli
