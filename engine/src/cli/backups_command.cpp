// hsdeploy backups add --source X --repo OWNER/NAME [--branch B] [--path P] [--schedule S]
//        | list [--source X] | remove ID | run ID | run --source X | runs ID [--limit N]
// A run here is one-shot: the backup pipeline runs in this process, one commit per run and
// none when nothing changed, exactly as the service's workers run it.
#include <ostream>

#include "cli.hpp"
#include "domain/backups.hpp"
#include "domain/connections.hpp"
#include "domain/pipeline_run.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

std::string run_summary(const Poco::Dynamic::Var& run) {
  if (run.isEmpty()) return "never run";
  auto object = run.extract<JsonObject>();
  const auto status = object->getValue<std::string>("status");
  const auto commit = object->getValue<std::string>("commit").substr(0, 12);
  if (status == "failed") return "failed: " + object->getValue<std::string>("error");
  if (status == "committed") {
    return "committed " + commit + " (" + object->get("added").toString() + " added, " +
           object->get("changed").toString() + " changed, " + object->get("removed").toString() + " removed)";
  }
  if (status == "unchanged") return "unchanged at " + commit + " (no commit: nothing changed)";
  return status;
}

void print_backups(Cli& cli, const std::vector<JsonObject>& views) {
  if (cli.json()) return print_json_array(cli.out(), views);
  std::vector<std::vector<std::string>> rows;
  for (const auto& view : views) {
    rows.push_back({cell(view->get("id")), cell(view->get("source_label")), cell(view->get("full_name")),
                    cell(view->get("branch")), cell(view->get("path")),
                    view->getValue<std::string>("schedule").empty() ? "on demand" : cell(view->get("schedule")),
                    run_summary(view->get("last_run"))});
  }
  print_table(cli.out(), {"ID", "SOURCE", "REPOSITORY", "BRANCH", "PATH", "SCHEDULE", "LAST RUN"}, rows);
}

Result<std::int64_t> backup_id(const std::string& text) {
  try {
    std::size_t used = 0;
    const long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return static_cast<std::int64_t>(id);
  } catch (const std::exception&) {
  }
  return make_error(ErrorCode::invalid_argument, "'" + text + "' is not a backup id");
}

const OptionSpec kWorkspace{"workspace", "W", "the workspace the source's label is in"};

const std::vector<CommandSpec> kSubcommands = {
    {"backups add",
     "backups add --source X --repo OWNER/NAME [--branch B] [--path P] [--schedule hourly|daily|weekly]",
     "back up a source connection's metadata into a repository added with `repos add`",
     {{"source", "ID|LABEL", "the source connection", true},
      {"repo", "OWNER/NAME", "the repository to commit into", true},
      {"branch", "B", "the branch to commit to (default: the repository's)"},
      {"path", "P", "the folder in the repository to write under (default: its root)"},
      {"schedule", "hourly|daily|weekly", "when the service runs it (default: on demand)"},
      kWorkspace}},
    {"backups list", "backups list [--source X]", "the backups, their schedules and last runs",
     {{"source", "ID|LABEL", "only those of this source"}, kWorkspace}},
    {"backups remove", "backups remove ID", "remove a backup (the repository keeps its commits)", {}, 1, 1},
    {"backups run", "backups run ID | backups run --source X",
     "run one backup, or every backup of a source, here and now; exit 1 when one fails",
     {{"source", "ID|LABEL", "run every backup of this source"}, kWorkspace}, 0, 1},
    {"backups runs", "backups runs ID [--limit N]", "a backup's runs, newest first",
     {{"limit", "N", "at most N runs (default: 20)"}}, 1, 1},
};

// Runs one backup's pipeline here and now; the run's record, or why it could not start.
Result<JsonObject> run_backup_now(Cli& cli, Engine& engine, Session& session, const BackupRef& ref) {
  PipelineRequest request;
  request.pipeline = "backup";
  request.target.connection = ref.target.connection;
  request.target.plugin = ref.target.connection->getValue<std::string>("plugin");
  request.target.workspace_id = ref.target.connection->getValue<std::int64_t>("workspace_id");
  request.params_json = "{\"backup_id\":" + ref.backup->get("id").toString() + "}";
  auto outcome = run_named_pipeline(engine, cli.credentials(), request);
  if (!outcome) return outcome.error();
  auto runs = list_backup_runs(session, ref.backup->getValue<std::int64_t>("id"), 1);
  if (!runs) return runs.error();
  if (!outcome->report.ok && (runs->empty() || runs->front()->getValue<std::string>("status") != "failed")) {
    return *outcome->report.error;  // failed before the run was recorded
  }
  if (runs->empty()) return make_error(ErrorCode::internal, "the backup pipeline recorded no run");
  return backup_run_view(runs->front());
}

}  // namespace

int run_backups(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("backups", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("backups", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  const std::string sub = args[0];
  const auto source_ref = parsed->value("source");
  if (sub == "run" && (parsed->positionals.empty() == !source_ref)) {
    return cli.usage("backups run: give a backup ID or --source X, not both (usage: hsdeploy " + (*chosen)->usage +
                     ")");
  }
  std::optional<std::int64_t> id;
  if (!parsed->positionals.empty()) {
    auto parsed_id = backup_id(parsed->positionals[0]);
    if (!parsed_id) return cli.usage("backups " + sub + ": " + parsed_id.error().message);
    id = *parsed_id;
  }
  std::int64_t limit = 20;
  if (auto text = parsed->value("limit")) {
    auto n = backup_id(*text);
    if (!n) return cli.usage("--limit: '" + *text + "' is not a positive whole number");
    limit = *n;
  }
  auto engine = cli.engine({.storage = true, .secrets = sub == "run", .pipelines = sub == "run"});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto scope = command_scope(*session, *parsed, "source");
  if (!scope) return cli.fail(scope.error());
  const auto& source = scope->connection;

  if (sub == "add") {
    BackupRequest request{*parsed->value("repo"), parsed->value("branch").value_or(""),
                          parsed->value("path").value_or(""), parsed->value("schedule").value_or(""), Actor{}};
    auto added = add_backup(*session, *source, request);
    if (!added) return cli.fail(added.error());
    if (cli.json()) {
      print_json(cli.out(), *added);
    } else {
      cli.out() << "added backup " << (*added)->get("id").toString() << ": '"
                << (*added)->getValue<std::string>("source_label") << "' to "
                << (*added)->getValue<std::string>("full_name") << " " << (*added)->getValue<std::string>("branch")
                << ((*added)->getValue<std::string>("path").empty() ? "" : ":" + (*added)->getValue<std::string>("path"))
                << ((*added)->getValue<std::string>("schedule").empty()
                        ? " (on demand)"
                        : " (" + (*added)->getValue<std::string>("schedule") + ")")
                << "\n";
    }
    return kExitOk;
  }
  if (sub == "list") {
    auto views = list_backups(*session, source ? std::optional((*source)->getValue<std::int64_t>("id")) : std::nullopt,
                              scope->workspace);
    if (!views) return cli.fail(views.error());
    print_backups(cli, *views);
    return kExitOk;
  }
  if (sub == "runs") {
    auto ref = find_backup(*session, *id);
    if (!ref) return cli.fail(ref.error());
    auto runs = list_backup_runs(*session, *id, limit);
    if (!runs) return cli.fail(runs.error());
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    std::vector<std::vector<std::string>> rows;
    for (const auto& run : *runs) {
      auto view = backup_run_view(run);
      array->add(view);
      rows.push_back({cell(view->get("id")), cell(view->get("created_at")), run_summary(view)});
    }
    if (cli.json()) print_json(cli.out(), array);
    else print_table(cli.out(), {"RUN", "STARTED", "OUTCOME"}, rows);
    return kExitOk;
  }
  if (sub == "remove") {
    auto ref = find_backup(*session, *id);
    if (!ref) return cli.fail(ref.error());
    if (auto removed = remove_backup(*session, *ref, Actor{}); !removed) return cli.fail(removed.error());
    cli.out() << "removed backup " << *id << "\n";
    return kExitOk;
  }

  // run: one backup, or every backup of a source.
  std::vector<BackupRef> refs;
  if (id) {
    auto ref = find_backup(*session, *id);
    if (!ref) return cli.fail(ref.error());
    refs.push_back(*ref);
  } else {
    auto views = list_backups(*session, (*source)->getValue<std::int64_t>("id"), std::nullopt);
    if (!views) return cli.fail(views.error());
    for (const auto& view : *views) {
      if (view->getValue<std::int64_t>("source") != (*source)->getValue<std::int64_t>("id")) continue;
      auto ref = find_backup(*session, view->getValue<std::int64_t>("id"));
      if (!ref) return cli.fail(ref.error());
      refs.push_back(*ref);
    }
    if (refs.empty()) {
      return cli.fail(make_error(ErrorCode::not_found, "source '" + (*source)->getValue<std::string>("label") +
                                                           "' has no backup; add one with `backups add`"));
    }
  }
  Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
  bool ok = true;
  for (const auto& ref : refs) {
    auto run = run_backup_now(cli, **engine, *session, ref);
    if (!run) return cli.fail(run.error());
    ok = ok && (*run)->getValue<std::string>("status") != "failed";
    results->add(*run);
    if (!cli.json()) {
      cli.out() << "backup " << ref.backup->get("id").toString() << " to "
                << ref.target.repository->getValue<std::string>("full_name") << " "
                << ref.backup->getValue<std::string>("branch") << ": " << run_summary(*run) << "\n";
    }
  }
  if (cli.json()) print_json(cli.out(), results);
  return ok ? kExitOk : kExitFailure;
}

}  // namespace hsd::engine::cli
