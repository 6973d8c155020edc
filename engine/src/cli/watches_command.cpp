// hsdeploy watches list [--connection X] | add --connection X --against SIDE [--type T]...
//        | remove ID | run ID
// A drift watch compares a source connection with a backup (`backup:ID`, `backup:ID@REF`) or
// another connection after each retrieval the service makes. `run` here is one-shot: the
// comparison runs in this process and its outcome is recorded on the watch, as the service's
// compare pipeline does.
#include <ostream>

#include "cli.hpp"
#include "domain/comparison_runner.hpp"
#include "domain/comparison_sides.hpp"
#include "domain/comparisons.hpp"
#include "domain/drift_warnings.hpp"
#include "domain/drift_watches.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const OptionSpec kWorkspace{"workspace", "W", "the workspace the connection's label is in"};

const std::vector<CommandSpec> kSubcommands = {
    {"watches list", "watches list [--connection X]", "drift watches, their states and differences",
     {{"connection", "ID|LABEL", "only the watches of this connection"}, kWorkspace}},
    {"watches add", "watches add --connection X --against SIDE [--type T]...",
     "watch a source connection for drift from a backup or another connection after each retrieval",
     {{"connection", "ID|LABEL", "the source connection to watch", true},
      {"against", "SIDE", "backup:ID, backup:ID@REF, or another connection's ID or label", true},
      {"type", "T", "compare only this type (repeatable; default: every type)"},
      kWorkspace}},
    {"watches remove", "watches remove ID", "remove a watch and its comparisons", {}, 1, 1},
    {"watches run", "watches run ID", "compare now, here, and record the outcome on the watch; exit 1 when it fails",
     {}, 1, 1},
};

Result<std::int64_t> watch_id(const std::string& text) {
  try {
    std::size_t used = 0;
    const long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return static_cast<std::int64_t>(id);
  } catch (const std::exception&) {
  }
  return make_error(ErrorCode::invalid_argument, "'" + text + "' is not a watch id");
}

std::string state_text(const JsonObject& view) {
  const auto state = view->getValue<std::string>("state");
  if (state.empty()) return "not run yet";
  if (state == "clean") return "clean";
  if (state == "drift") return drift_message(view->getValue<std::int64_t>("differences"), view->getValue<std::string>("label"));
  return "error: " + view->getValue<std::string>("state_detail");
}

void print_watches(Cli& cli, const std::vector<JsonObject>& views) {
  if (cli.json()) return print_json_array(cli.out(), views);
  std::vector<std::vector<std::string>> rows;
  for (const auto& view : views) {
    std::string types;
    for (const auto& type : string_list(view, "types")) types += (types.empty() ? "" : ",") + type;
    rows.push_back({cell(view->get("id")), cell(view->get("connection_label")), cell(view->get("label")),
                    types.empty() ? "all" : types, state_text(view), cell(view->get("last_run_at"))});
  }
  print_table(cli.out(), {"ID", "CONNECTION", "AGAINST", "TYPES", "STATE", "LAST RUN"}, rows);
}

}  // namespace

int run_watches(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("watches", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("watches", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  const std::string sub = args[0];
  std::optional<std::int64_t> id;
  if (!parsed->positionals.empty()) {
    auto parsed_id = watch_id(parsed->positionals[0]);
    if (!parsed_id) return cli.usage("watches " + sub + ": " + parsed_id.error().message);
    id = *parsed_id;
  }
  auto engine = cli.engine({.storage = true, .secrets = sub == "run", .pipelines = false});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto scope = command_scope(*session, *parsed, "connection");
  if (!scope) return cli.fail(scope.error());

  if (sub == "list") {
    std::vector<JsonObject> rows;
    if (scope->connection) {
      auto all = list_watches(*session, (*scope->connection)->getValue<std::int64_t>("workspace_id"));
      if (!all) return cli.fail(all.error());
      for (const auto& row : *all) {
        if (row->getValue<std::int64_t>("connection_id") == (*scope->connection)->getValue<std::int64_t>("id")) {
          rows.push_back(row);
        }
      }
    } else {
      // Every workspace's, or the one --workspace names.
      auto workspaces = session->find("workspaces", Query());
      if (!workspaces) return cli.fail(workspaces.error());
      for (const auto& workspace : *workspaces) {
        const auto ws = workspace->getValue<std::int64_t>("id");
        if (scope->workspace && *scope->workspace != ws) continue;
        auto found = list_watches(*session, ws);
        if (!found) return cli.fail(found.error());
        rows.insert(rows.end(), found->begin(), found->end());
      }
    }
    std::vector<JsonObject> views;
    for (const auto& row : rows) {
      auto view = watch_view(*session, **engine, row);
      if (!view) return cli.fail(view.error());
      views.push_back(*view);
    }
    print_watches(cli, views);
    return kExitOk;
  }
  if (sub == "add") {
    const auto& connection = *scope->connection;
    const auto workspace_id = connection->getValue<std::int64_t>("workspace_id");
    auto against = side_from_text(*session, workspace_id, *parsed->value("against"), "against");
    if (!against) return cli.fail(against.error());
    WatchRequest request;
    request.workspace_id = workspace_id;
    request.connection_id = connection->getValue<std::int64_t>("id");
    request.against = *against;
    if (auto types = parsed->values.find("type"); types != parsed->values.end()) request.types = types->second;
    auto view = create_watch(*session, **engine, request);
    if (!view) return cli.fail(view.error());
    if (cli.json()) print_json(cli.out(), *view);
    else cli.out() << "added watch " << cell((*view)->get("id")) << ": '" << cell((*view)->get("connection_label"))
                   << "' against " << cell((*view)->get("label")) << "\n";
    return kExitOk;
  }
  auto row = find_watch(*session, *id);
  if (!row) return cli.fail(row.error());
  if (sub == "remove") {
    if (auto removed = remove_watch(*session, *row, Actor{}); !removed) return cli.fail(removed.error());
    if (cli.json()) cli.out() << "{\"deleted\":" << *id << "}\n";
    else cli.out() << "removed watch " << *id << "\n";
    return kExitOk;
  }

  // run: the watch's comparison, here and now, recorded on the watch as the service records it.
  auto request = watch_comparison_request(*row, Actor{});
  if (!request) return cli.fail(request.error());
  auto comparison = create_comparison(*session, **engine, *request);
  if (!comparison) return cli.fail(comparison.error());
  const auto comparison_id = (*comparison)->getValue<std::int64_t>("id");
  auto ran = run_comparison(**engine, cli.credentials(), *session, comparison_id, nullptr);
  if (auto finished = finish_watch(*session, comparison_id); !finished) return cli.fail(finished.error());
  auto updated = find_watch(*session, *id);
  if (!updated) return cli.fail(updated.error());
  auto view = watch_view(*session, **engine, *updated);
  if (!view) return cli.fail(view.error());
  if (cli.json()) print_json(cli.out(), *view);
  else cli.out() << "watch " << *id << " (comparison " << comparison_id << "): " << state_text(*view) << "\n";
  if (!ran) {
    cli.err() << "hsdeploy: " << log::redact(ran.error().message) << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace hsd::engine::cli
