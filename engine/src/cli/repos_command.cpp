// hsdeploy repos available --connection X | add --connection X OWNER/NAME [--branch B]
//        | list [--connection X] | check [ID|OWNER/NAME...] | remove ID
// Repositories of VCS connections: what the token can see, the ones added, and their status.
#include <algorithm>
#include <cctype>
#include <ostream>

#include "cli.hpp"
#include "domain/connections.hpp"
#include "domain/repositories.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

std::vector<std::string> repository_cells(const JsonObject& view) {
  const auto status = view->getValue<std::string>("status");
  const auto reason = view->getValue<std::string>("status_reason");
  return {cell(view->get("id")), cell(view->get("full_name")), cell(view->get("default_branch")),
          reason.empty() ? status : status + " (" + reason + ")", cell(view->get("connection")),
          cell(view->get("last_checked_at"))};
}

const std::vector<std::string> kRepositoryHeaders = {"ID", "REPOSITORY", "BRANCH", "STATUS", "CONNECTION", "CHECKED"};

void print_repositories(Cli& cli, const std::vector<JsonObject>& views) {
  if (cli.json()) return print_json_array(cli.out(), views);
  std::vector<std::vector<std::string>> rows;
  for (const auto& view : views) rows.push_back(repository_cells(view));
  print_table(cli.out(), kRepositoryHeaders, rows);
  for (const auto& view : views) {
    if (view->getValue<std::string>("status") == "error") {
      cli.out() << view->getValue<std::string>("full_name") << ": " << view->getValue<std::string>("status_detail")
                << "\n";
    }
  }
}

int available(Cli& cli, Engine& engine, Session& session, const JsonObject& connection) {
  auto output = available_repositories(engine, cli.credentials(), session, connection);
  if (!output) return cli.fail(output.error());
  if (cli.json()) {
    print_json(cli.out(), *output);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  auto repositories = (*output)->getArray("repositories");
  for (std::size_t i = 0; repositories && i < repositories->size(); ++i) {
    auto repo = repositories->getObject(static_cast<unsigned>(i));
    if (!repo) continue;
    std::string flags = repo->optValue<bool>("private", false) ? "private" : "public";
    if (repo->optValue<bool>("archived", false)) flags += ", archived";
    rows.push_back({cell(repo->get("full_name")), cell(repo->get("default_branch")), flags,
                    repo->isNull("added") ? "" : "added as " + cell(repo->get("added"))});
  }
  print_table(cli.out(), {"REPOSITORY", "DEFAULT BRANCH", "VISIBILITY", "ADDED"}, rows);
  for (const auto& warning : string_list(*output, "warnings")) cli.out() << "warning: " << warning << "\n";
  return kExitOk;
}

const OptionSpec kWorkspace{"workspace", "W", "the workspace the connection or repository is in"};

const std::vector<CommandSpec> kSubcommands = {
    {"repos available", "repos available --connection X", "the repositories a VCS connection's token can see",
     {{"connection", "ID|LABEL", "the VCS connection", true}, kWorkspace}},
    {"repos add", "repos add --connection X OWNER/NAME [--branch B]", "add a repository to back up into",
     {{"connection", "ID|LABEL", "the VCS connection that reaches it", true},
      {"branch", "B", "the branch backups use (default: the repository's default branch)"},
      kWorkspace},
     1, 1},
    {"repos list", "repos list [--connection X]", "the repositories added, with their status",
     {{"connection", "ID|LABEL", "only those of this connection"}, kWorkspace}},
    {"repos check", "repos check [ID|OWNER/NAME...]",
     "check that repositories are still reachable and writable (default: all); exit 1 when one is not",
     {kWorkspace}, 0, 100},
    {"repos remove", "repos remove ID|OWNER/NAME", "remove a repository (refused while a backup writes to it)",
     {kWorkspace}, 1, 1},
};

// A repository by stored id, or by OWNER/NAME in the workspace (default: "default").
Result<RepositoryRef> resolve_repository(Session& session, const std::string& ref,
                                         std::optional<std::int64_t> workspace) {
  if (!ref.empty() && std::all_of(ref.begin(), ref.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return find_repository(session, std::stoll(ref));
  }
  if (!workspace) {
    auto named = find_workspace(session, "default");
    if (!named) return named.error();
    workspace = (*named)->getValue<std::int64_t>("id");
  }
  return find_repository_in_workspace(session, *workspace, ref);
}

}  // namespace

int run_repos(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("repos", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("repos", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  const std::string sub = args[0];
  auto engine = cli.engine({.storage = true, .secrets = true, .pipelines = false});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto scope = command_scope(*session, *parsed, "connection");
  if (!scope) return cli.fail(scope.error());
  const auto& workspace = scope->workspace;
  const auto& connection = scope->connection;

  if (sub == "available") return available(cli, **engine, *session, *connection);
  if (sub == "add") {
    AddRepositoryRequest request{parsed->positionals[0], parsed->value("branch").value_or(""), Actor{}};
    auto added = add_repository(**engine, cli.credentials(), *session, *connection, request);
    if (!added) return cli.fail(added.error());
    if (cli.json()) {
      print_json(cli.out(), *added);
    } else {
      cli.out() << "added " << (*added)->getValue<std::string>("full_name") << " (branch "
                << (*added)->getValue<std::string>("default_branch") << ") as repository "
                << (*added)->get("id").toString() << "\n";
      if ((*added)->getValue<std::string>("status") == "error") {
        cli.out() << "warning: " << (*added)->getValue<std::string>("status_detail") << "\n";
      }
      for (const auto& warning : string_list(*added, "warnings")) cli.out() << "warning: " << warning << "\n";
    }
    return kExitOk;
  }
  if (sub == "list") {
    auto rows = list_repositories(*session, connection ? std::optional((*connection)->getValue<std::int64_t>("id"))
                                                       : std::nullopt,
                                  workspace);
    if (!rows) return cli.fail(rows.error());
    std::vector<JsonObject> views;
    for (const auto& row : *rows) views.push_back(repository_view(row));
    print_repositories(cli, views);
    return kExitOk;
  }

  // check and remove name repositories; check with none checks every one.
  std::vector<RepositoryRef> refs;
  if (parsed->positionals.empty()) {
    auto rows = list_repositories(*session, std::nullopt, workspace);
    if (!rows) return cli.fail(rows.error());
    for (const auto& row : *rows) {
      auto ref = find_repository(*session, row->getValue<std::int64_t>("id"));
      if (!ref) return cli.fail(ref.error());
      refs.push_back(*ref);
    }
  }
  for (const auto& name : parsed->positionals) {
    auto ref = resolve_repository(*session, name, workspace);
    if (!ref) return cli.fail(ref.error());
    refs.push_back(*ref);
  }
  if (sub == "remove") {
    if (auto removed = remove_repository(*session, refs.front(), Actor{}); !removed) return cli.fail(removed.error());
    cli.out() << "removed repository " << refs.front().repository->get("id").toString() << " ("
              << refs.front().repository->getValue<std::string>("full_name") << ")\n";
    return kExitOk;
  }
  std::vector<JsonObject> views;
  bool all_connected = true;
  for (const auto& ref : refs) {
    auto row = check_repository(**engine, cli.credentials(), *session, ref);
    if (!row) return cli.fail(row.error());
    all_connected = all_connected && (*row)->getValue<std::string>("status") == "connected";
    views.push_back(repository_view(*row));
  }
  print_repositories(cli, views);
  return all_connected ? kExitOk : kExitFailure;
}

}  // namespace hsd::engine::cli
