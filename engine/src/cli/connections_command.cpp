// hsdeploy connections list | show ID | snapshots ID | rename ID LABEL | delete ID [--yes]
#include <unistd.h>

#include <iostream>
#include <ostream>

#include "cli.hpp"
#include "domain/audit.hpp"
#include "domain/connection_removal.hpp"
#include "domain/connection_views.hpp"
#include "domain/connections.hpp"
#include "domain/job_queue.hpp"
#include "domain/snapshot_history.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

// The last succeeded retrieval in one line: when, how long, and what it wrote by type.
std::string last_retrieval_text(const JsonObject& view) {
  if (!view->has("last_retrieval") || view->isNull("last_retrieval")) return "";
  auto last = view->getObject("last_retrieval");
  std::string text = cell(last->get("finished_at")) + ", " + cell(last->get("duration_ms")) + " ms, " +
                     cell(last->get("objects")) + " objects";
  if (auto by_type = last->getObject("objects_by_type"); by_type && by_type->size() > 0) {
    std::string types;
    for (const auto& [type, count] : *by_type) types += (types.empty() ? "" : ", ") + type + " " + count.toString();
    text += " (" + types + ")";
  }
  return text;
}

void print_runs(Cli& cli, const std::vector<JsonObject>& runs) {
  std::vector<std::vector<std::string>> table;
  for (const auto& run : runs) {
    table.push_back({cell(run->get("id")), cell(run->get("pipeline")), cell(run->get("state")), cell(run->get("started_at")),
                     cell(run->get("duration_ms")), cell(run->get("requests")), cell(run->get("retries")),
                     cell(run->get("rate_limited")), cell(run->get("objects")), cell(run->get("error"))});
  }
  cli.out() << "\nrecent runs\n";
  print_table(cli.out(), {"JOB", "PIPELINE", "STATE", "STARTED", "MS", "REQUESTS", "RETRIES", "429S", "OBJECTS", "ERROR"},
              table);
}

void print_connection(Cli& cli, const JsonObject& view) {
  if (cli.json()) return print_json(cli.out(), view);
  auto progress = view->getObject("progress");
  print_table(cli.out(), {"FIELD", "VALUE"},
              {{"id", cell(view->get("id"))},
               {"label", cell(view->get("label"))},
               {"plugin", cell(view->get("plugin"))},
               {"account", cell(view->get("account_name")) + " (" + cell(view->get("account_id")) + ")"},
               {"auth", cell(view->get("auth_type"))},
               {"status", cell(view->get("status"))},
               {"detail", cell(view->get("status_detail"))},
               {"progress", cell(progress->get("done")) + "/" + cell(progress->get("total")) + " " + cell(progress->get("type"))},
               {"scopes missing", cell(view->get("scopes_missing"))},
               {"warnings", cell(view->get("warnings"))},
               {"token expires", cell(view->get("token_expires_at"))},
               {"token refreshed", view->has("token_refreshed_at") ? cell(view->get("token_refreshed_at")) : ""},
               {"last retrieval", last_retrieval_text(view)},
               {"queue", view->has("queue") ? cell(view->get("queue")) : ""},
               {"created", cell(view->get("created_at"))},
               {"retrieved", cell(view->get("retrieved_at"))}});
}

int list(Cli& cli, Session& session, const ParsedArgs& parsed) {
  auto workspace = workspace_filter(session, parsed);
  if (!workspace) return cli.fail(workspace.error());
  auto rows = list_connections(session, *workspace);
  if (!rows) return cli.fail(rows.error());
  auto views = connections_with_queue(session, *rows);
  if (!views) return cli.fail(views.error());
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  std::vector<std::vector<std::string>> table;
  for (const auto& view : *views) {
    array->add(view);
    table.push_back({cell(view->get("id")), cell(view->get("label")), cell(view->get("plugin")),
                     cell(view->get("account_name")), cell(view->get("status")), cell(view->get("retrieved_at"))});
  }
  if (cli.json()) print_json(cli.out(), array);
  else print_table(cli.out(), {"ID", "LABEL", "PLUGIN", "ACCOUNT", "STATUS", "RETRIEVED"}, table);
  return kExitOk;
}

constexpr std::int64_t kShownRuns = 10;  // connections show: the newest runs it lists

const OptionSpec kWorkspace{"workspace", "W", "only connections of this workspace"};

const std::vector<CommandSpec> kSubcommands = {
    {"connections list", "connections list [--workspace W]", "the connections, their accounts and status",
     {kWorkspace}},
    {"connections show", "connections show ID|LABEL", "one connection: account, status, progress, token expiry and refresh, last retrieval, recent runs",
     {kWorkspace}, 1, 1},
    {"connections snapshots", "connections snapshots ID|LABEL [--output json]",
     "the connection's snapshots, newest first: current, kept earlier ones (their ids name a comparison's side, "
     "LABEL@ID) and one still building, with object counts",
     {kWorkspace}, 1, 1},
    {"connections rename", "connections rename ID|LABEL NEW_LABEL", "give a connection another label",
     {kWorkspace}, 2, 2},
    {"connections delete", "connections delete ID|LABEL [--yes]",
     "delete a connection with its metadata, snapshots, backups and history",
     {kWorkspace, {"yes", "", "delete without asking"}}, 1, 1},
};

bool confirmed(Cli& cli, const JsonObject& row) {
  if (!::isatty(STDIN_FILENO)) return false;
  cli.err() << "Delete connection " << row->getValue<std::int64_t>("id") << " '" << row->getValue<std::string>("label")
            << "' with its metadata, snapshots, backups and history? Type 'yes': ";
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes";
}

}  // namespace

int run_connections(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("connections", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("connections", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  const std::string sub = args[0];
  auto engine = cli.engine({.storage = true, .secrets = sub == "delete", .pipelines = sub == "delete"});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  if (sub == "list") return list(cli, *session, *parsed);

  auto workspace = workspace_filter(*session, *parsed);
  if (!workspace) return cli.fail(workspace.error());
  auto row = resolve_connection(*session, parsed->positionals[0], *workspace);
  if (!row) return cli.fail(row.error());
  const auto id = (*row)->getValue<std::int64_t>("id");

  if (sub == "show") {
    auto view = connection_with_queue(*session, *row);
    if (!view) return cli.fail(view.error());
    // The recent runs too, as GET .../runs gives them (JSON: under "runs").
    auto jobs = list_jobs(*session, id, std::nullopt, kShownRuns);
    if (!jobs) return cli.fail(jobs.error());
    std::vector<JsonObject> runs;
    for (const auto& job : *jobs) runs.push_back(run_view(job));
    if (cli.json()) {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
      for (const auto& run : runs) array->add(run);
      (*view)->set("runs", array);
      print_json(cli.out(), *view);
      return kExitOk;
    }
    print_connection(cli, *view);
    // Drift watches that found differences, one warning line each.
    if (auto drift = (*view)->getArray("drift")) {
      for (std::size_t i = 0; i < drift->size(); ++i) {
        auto warning = drift->getObject(static_cast<unsigned>(i));
        cli.out() << "warning: " << cell(warning->get("message")) << " (watch " << cell(warning->get("watch"))
                  << ", comparison " << cell(warning->get("comparison")) << ")\n";
      }
    }
    print_runs(cli, runs);
    return kExitOk;
  }
  if (sub == "snapshots") {
    auto history = snapshot_history(*session, id);
    if (!history) return cli.fail(history.error());
    if (cli.json()) {
      print_json(cli.out(), *history);
      return kExitOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < (*history)->size(); ++i) {
      auto item = (*history)->getObject(static_cast<unsigned>(i));
      rows.push_back({cell(item->get("id")), cell(item->get("state")), cell(item->get("object_count")),
                      cell(item->get("created_at")), cell(item->get("completed_at"))});
    }
    if (rows.empty()) {
      cli.out() << "no snapshots yet: the connection has not been retrieved\n";
      return kExitOk;
    }
    print_table(cli.out(), {"ID", "STATE", "OBJECTS", "CREATED", "COMPLETED"}, rows);
    return kExitOk;
  }
  if (sub == "rename") {
    auto renamed = rename_connection(*session, id, parsed->positionals[1]);
    if (!renamed) return cli.fail(renamed.error());
    audit(*session, (*renamed)->getValue<std::int64_t>("workspace_id"), Actor{}, "connection.rename", "connection",
          std::to_string(id), "{\"label\":" + stringify(Poco::Dynamic::Var(parsed->positionals[1])) + "}");
    print_connection(cli, connection_view(*renamed));
    return kExitOk;
  }
  // delete
  if (!parsed->flag("yes") && !confirmed(cli, *row)) {
    return cli.usage("connections delete: not confirmed; add --yes to delete without asking");
  }
  auto removed = remove_connection(**engine, cli.credentials(), nullptr, *row, Actor{});
  if (!removed) return cli.fail(removed.error());
  if (cli.json()) cli.out() << "{\"deleted\":" << id << "}\n";
  else cli.out() << "deleted connection " << id << "\n";
  return kExitOk;
}

}  // namespace hsd::engine::cli
