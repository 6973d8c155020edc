// hsdeploy compare LEFT RIGHT [--type T]... [--workspace W]
// Runs a comparison in-process (stored like one the API queues, so `comparisons show` finds it
// later) and prints what differs. Like diff(1), and unlike every other command, it exits 0
// when the sides are the same, 1 when they differ and 2 on trouble (a bad side, a failed run).
#include <ostream>

#include "cli.hpp"
#include "domain/comparison_runner.hpp"
#include "domain/comparisons.hpp"
#include "domain/connections.hpp"
#include "domain/backups.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

constexpr int kExitSame = 0;
constexpr int kExitDifferent = 1;
constexpr int kExitTrouble = 2;

const CommandSpec kCompare{
    "compare", "compare LEFT RIGHT [--type T]... [--workspace W]",
    "compares two sides and lists what differs; a side is a connection (prod or its id), an earlier "
    "snapshot of it (prod@SNAPSHOT_ID), or a backup (backup:ID, backup:ID@REF for a branch or commit); "
    "exits 0 when they are the same, 1 when they differ, 2 on trouble",
    {{"type", "T", "only this object type (repeatable; default: every type)"},
     {"workspace", "W", "the workspace the sides are in (default: the left side's)"}},
    2,
    2};

// The left side's workspace, when --workspace does not name one: its connection's (by label
// or id in any workspace) or its backup's source's.
Result<std::int64_t> workspace_of(Session& session, const std::string& left) {
  if (left.rfind("backup:", 0) == 0) {
    // A backup side reads no workspace: its form is checked as when --workspace is given.
    auto spec = side_from_text(session, 0, left, "left");
    if (!spec) return spec.error();
    auto backup = find_backup(session, *spec->backup);
    if (!backup) return field_error("left", backup.error().message);
    return backup->source->getValue<std::int64_t>("workspace_id");
  }
  const auto at = left.find('@');
  auto connection = resolve_connection(session, left.substr(0, at), std::nullopt);
  if (connection) return (*connection)->getValue<std::int64_t>("workspace_id");
  // With one workspace there is nothing to choose: the side's own check names what is wrong.
  auto workspaces = session.find("workspaces");
  if (!workspaces) return workspaces.error();
  if (workspaces->size() == 1) return workspaces->front()->getValue<std::int64_t>("id");
  return field_error("left", connection.error().message + "; or name the workspace with --workspace");
}

// "email" for the key "\"email\"": a string key reads better bare; any other key stays JSON.
std::string key_text(const std::string& key) {
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"') {
    auto wrapped = parse_object("{\"k\":" + key + "}", "key");
    if (wrapped) return (*wrapped)->optValue<std::string>("k", key);
  }
  return key;
}

Result<Poco::JSON::Array::Ptr> all_changes(Session& session, std::int64_t comparison_id) {
  Poco::JSON::Array::Ptr changes = new Poco::JSON::Array;
  ChangeFilter filter;
  filter.limit = 1000;
  while (true) {
    auto page = list_changes(session, comparison_id, filter);
    if (!page) return page.error();
    for (const auto& change : *page) changes->add(change);
    if (page->size() < static_cast<std::size_t>(filter.limit)) return changes;
    filter.after = page->back()->getValue<std::int64_t>("id");
  }
}

std::string side_line(const JsonObject& side) {
  std::string line = side->optValue<std::string>("label", "");
  if (side->has("snapshot") && !side->isNull("snapshot")) line += " (snapshot " + side->get("snapshot").toString() + ")";
  if (side->has("commit") && !side->isNull("commit")) {
    line += " (commit " + side->getValue<std::string>("commit").substr(0, 12) + ")";
  }
  return line;
}

void print_text(std::ostream& out, const JsonObject& view, const Poco::JSON::Array::Ptr& changes) {
  out << "left:  " << side_line(view->getObject("left")) << "\n";
  out << "right: " << side_line(view->getObject("right")) << "\n";
  if (auto summary = view->getObject("summary")) {
    std::vector<std::string> names;
    summary->getNames(names);
    for (const auto& type : names) {
      auto c = summary->getObject(type);
      out << type << ": " << c->get("added").toString() << " added, " << c->get("removed").toString() << " removed, "
          << c->get("changed").toString() << " changed, " << c->get("unchanged").toString() << " unchanged";
      if (c->optValue<std::int64_t>("ambiguous", 0) > 0) out << ", " << c->get("ambiguous").toString() << " ambiguous";
      if (c->optValue<std::int64_t>("unmatchable", 0) > 0) out << ", " << c->get("unmatchable").toString() << " unmatchable";
      out << "\n";
    }
  }
  for (std::size_t i = 0; i < changes->size(); ++i) {
    auto change = changes->getObject(static_cast<unsigned>(i));
    const auto kind = change->getValue<std::string>("kind");
    const auto type = change->getValue<std::string>("type");
    const auto key = key_text(change->getValue<std::string>("key"));
    if (kind == "changed") {
      const auto n = change->optValue<std::int64_t>("operations", 0);
      out << "~ " << type << " " << key << " (" << n << (n == 1 ? " operation)" : " operations)") << "\n";
    } else if (kind == "added") {
      out << "+ " << type << " " << key << "\n";
    } else if (kind == "removed") {
      out << "- " << type << " " << key << "\n";
    } else {
      out << "? " << type << " " << key << " (left: " << change->optValue<std::string>("left_id", "")
          << "; right: " << change->optValue<std::string>("right_id", "") << ")\n";
    }
  }
  if (auto warnings = view->getArray("warnings")) {
    for (std::size_t i = 0; i < warnings->size(); ++i) out << "warning: " << warnings->getElement<std::string>(i) << "\n";
  }
  const auto differences = view->optValue<std::int64_t>("differences", 0);
  out << (differences == 0 ? std::string("No differences") : std::to_string(differences) + " differences")
      << " (comparison " << view->get("id").toString() << ").\n";
}

}  // namespace

int run_compare(Cli& cli, const Args& args) {
  auto parsed = parse_command(args, kCompare);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(kCompare));
  // Every failure is trouble (2), whatever its kind: 1 means "they differ".
  auto trouble = [&cli](const Error& error) {
    cli.fail(error);
    return kExitTrouble;
  };
  auto engine = cli.engine({.storage = true, .secrets = true, .pipelines = false});
  if (!engine) return trouble(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return trouble(session.error());

  std::int64_t workspace_id = 0;
  if (parsed->value("workspace")) {
    auto workspace = workspace_filter(*session, *parsed);
    if (!workspace) return trouble(workspace.error());
    workspace_id = **workspace;
  } else {
    auto workspace = workspace_of(*session, parsed->positionals[0]);
    if (!workspace) return trouble(workspace.error());
    workspace_id = *workspace;
  }
  ComparisonRequest request;
  request.workspace_id = workspace_id;
  auto left = side_from_text(*session, workspace_id, parsed->positionals[0], "left");
  if (!left) return trouble(left.error());
  auto right = side_from_text(*session, workspace_id, parsed->positionals[1], "right");
  if (!right) return trouble(right.error());
  request.left = *left;
  request.right = *right;
  if (auto found = parsed->values.find("type"); found != parsed->values.end()) request.types = found->second;
  request.actor = Actor{std::nullopt, "cli"};
  auto row = create_comparison(*session, **engine, request);
  if (!row) return trouble(row.error());
  const auto id = (*row)->getValue<std::int64_t>("id");

  auto ran = run_comparison(**engine, cli.credentials(), *session, id, nullptr);
  if (!ran) return trouble(ran.error());
  auto finished = find_comparison(*session, id);
  if (!finished) return trouble(finished.error());
  auto changes = all_changes(*session, id);
  if (!changes) return trouble(changes.error());
  JsonObject view = comparison_view(*finished);
  if (cli.json()) {
    view->set("changes", *changes);
    print_json(cli.out(), view);
  } else {
    print_text(cli.out(), view, *changes);
  }
  const auto totals = view->getObject("totals");
  const bool same = view->optValue<std::int64_t>("differences", 0) == 0 &&
                    (!totals || totals->optValue<std::int64_t>("ambiguous", 0) == 0);
  return same ? kExitSame : kExitDifferent;
}

}  // namespace hsd::engine::cli
