// hsdeploy comparisons list [--limit N] | show ID [--type T] [--kind K] [--limit N] | delete ID [--yes]
// The stored comparisons (made by `compare`, the API or a drift watch): a list newest first,
// one comparison's summary per type and its differing objects, and deleting one.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <ostream>

#include "cli.hpp"
#include "domain/comparisons.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const OptionSpec kWorkspace{"workspace", "W", "only the comparisons of this workspace"};

const std::vector<CommandSpec> kSubcommands = {
    {"comparisons list", "comparisons list [--limit N] [--workspace W]",
     "stored comparisons, newest first, with their sides, status and number of differences",
     {{"limit", "N", "at most N comparisons (default: 20, at most 1000)"}, kWorkspace}},
    {"comparisons show", "comparisons show ID [--type T] [--kind K] [--limit N]",
     "a comparison's sides, its counts per type and its differing objects",
     {{"type", "T", "only the changes of this object type"},
      {"kind", "K", "only changes of this kind: added, removed, changed or ambiguous"},
      {"limit", "N", "at most N changes (default: 50, at most 1000)"}},
     1, 1},
    {"comparisons delete", "comparisons delete ID [--yes]", "delete a comparison and its recorded changes",
     {{"yes", "", "delete without asking"}}, 1, 1},
};

Result<std::int64_t> positive(const std::string& text, const std::string& what) {
  try {
    std::size_t used = 0;
    const long long n = std::stoll(text, &used);
    if (used == text.size() && n > 0) return static_cast<std::int64_t>(n);
  } catch (const std::exception&) {
  }
  return make_error(ErrorCode::invalid_argument, "'" + text + "' is not " + what);
}

std::string side_label(const JsonObject& view, const char* side) {
  auto object = view->getObject(side);
  return object ? object->optValue<std::string>("label", "?") : "?";
}

std::string status_text(const JsonObject& view) {
  const auto status = view->getValue<std::string>("status");
  if (status == "completed") return "completed, " + view->get("differences").toString() + " differences";
  if (status == "error") return "error: " + view->getValue<std::string>("status_detail");
  if (status == "in_progress") {
    auto progress = view->getObject("progress");
    return "in progress (" + progress->get("done").toString() + "/" + progress->get("total").toString() + " types)";
  }
  return status;
}

int list(Cli& cli, Session& session, const ParsedArgs& parsed) {
  std::int64_t limit = 20;
  if (auto text = parsed.value("limit")) {
    auto n = positive(*text, "a positive whole number");
    if (!n || *n > 1000) return cli.usage("--limit: '" + *text + "' is not a whole number from 1 to 1000");
    limit = *n;
  }
  auto workspace = workspace_filter(session, parsed);
  if (!workspace) return cli.fail(workspace.error());
  std::vector<std::int64_t> workspaces;
  if (*workspace) {
    workspaces.push_back(**workspace);
  } else {
    auto all = session.find("workspaces");
    if (!all) return cli.fail(all.error());
    for (const auto& row : *all) workspaces.push_back(row->getValue<std::int64_t>("id"));
  }
  std::vector<JsonObject> rows;
  for (const auto id : workspaces) {
    auto some = list_comparisons(session, id, limit, std::nullopt);
    if (!some) return cli.fail(some.error());
    rows.insert(rows.end(), some->begin(), some->end());
  }
  std::sort(rows.begin(), rows.end(), [](const JsonObject& a, const JsonObject& b) {
    return a->getValue<std::int64_t>("id") > b->getValue<std::int64_t>("id");
  });
  if (rows.size() > static_cast<std::size_t>(limit)) rows.resize(static_cast<std::size_t>(limit));
  std::vector<JsonObject> views;
  for (const auto& row : rows) views.push_back(comparison_view(row));
  if (cli.json()) {
    print_json_array(cli.out(), views);
    return kExitOk;
  }
  if (views.empty()) {
    cli.out() << "no comparisons yet; make one with `hsdeploy compare LEFT RIGHT`\n";
    return kExitOk;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& view : views) {
    table.push_back({cell(view->get("id")), side_label(view, "left"), side_label(view, "right"), status_text(view),
                     cell(view->get("created_at"))});
  }
  print_table(cli.out(), {"ID", "LEFT", "RIGHT", "STATUS", "CREATED"}, table);
  return kExitOk;
}

void print_summary(Cli& cli, const JsonObject& view) {
  auto summary = view->getObject("summary");
  if (!summary) return;
  static const char* const kCounts[] = {"added", "removed", "changed", "unchanged", "ambiguous", "unmatchable"};
  std::vector<std::vector<std::string>> table;
  auto row_of = [&](const std::string& name, const JsonObject& counts) {
    std::vector<std::string> row{name};
    for (const char* key : kCounts) row.push_back(counts ? cell(counts->get(key)) : "");
    table.push_back(row);
  };
  std::vector<std::string> types;
  for (const auto& [type, counts] : *summary) types.push_back(type);
  std::sort(types.begin(), types.end());
  for (const auto& type : types) row_of(type, summary->getObject(type));
  if (auto totals = view->getObject("totals")) row_of("total", totals);
  print_table(cli.out(), {"TYPE", "ADDED", "REMOVED", "CHANGED", "UNCHANGED", "AMBIGUOUS", "UNMATCHABLE"}, table);
}

int show(Cli& cli, Session& session, std::int64_t id, const ParsedArgs& parsed) {
  ChangeFilter filter;
  filter.type = parsed.value("type").value_or("");
  filter.kind = parsed.value("kind").value_or("");
  if (auto text = parsed.value("limit")) {
    auto n = positive(*text, "a positive whole number");
    if (!n) return cli.usage("--limit: " + n.error().message);
    filter.limit = *n;
  }
  auto row = find_comparison(session, id);
  if (!row) return cli.fail(row.error());
  auto changes = list_changes(session, id, filter);
  if (!changes) {
    Error error = changes.error();
    // The filter's fields are this command's options.
    if (error.code == ErrorCode::invalid_argument) error.message = "--" + error.message;
    return cli.fail(error);
  }
  auto view = comparison_view(*row);
  if (cli.json()) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& change : *changes) array->add(change);
    view->set("changes", array);
    print_json(cli.out(), view);
    return kExitOk;
  }
  cli.out() << "comparison " << id << ": " << side_label(view, "left") << " -> " << side_label(view, "right") << "\n"
            << "status: " << status_text(view) << "\n";
  auto types = view->getArray("types");
  cli.out() << "types: " << (types && types->size() > 0 ? stringify(view->get("types")) : std::string("all")) << "\n";
  if (auto warnings = view->getArray("warnings")) {
    for (std::size_t i = 0; i < warnings->size(); ++i) cli.out() << "warning: " << warnings->get(i).toString() << "\n";
  }
  print_summary(cli, view);
  if (changes->empty()) {
    cli.out() << "no recorded changes" << (filter.type.empty() && filter.kind.empty() ? "" : " match the filter")
              << "\n";
    return kExitOk;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& change : *changes) {
    table.push_back({cell(change->get("id")), cell(change->get("type")), cell(change->get("kind")),
                     cell(change->get("key")), cell(change->get("name")), cell(change->get("operations"))});
  }
  print_table(cli.out(), {"CHANGE", "TYPE", "KIND", "KEY", "NAME", "OPERATIONS"}, table);
  if (static_cast<std::int64_t>(changes->size()) == filter.limit) {
    cli.out() << "(first " << filter.limit << " changes; --limit N shows more)\n";
  }
  return kExitOk;
}

bool confirmed(Cli& cli, const JsonObject& view) {
  if (!::isatty(STDIN_FILENO)) return false;
  cli.err() << "Delete comparison " << view->get("id").toString() << " (" << side_label(view, "left") << " -> "
            << side_label(view, "right") << ") and its recorded changes? Type 'yes': ";
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes";
}

}  // namespace

int run_comparisons(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("comparisons", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("comparisons", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  const std::string sub = args[0];
  std::int64_t id = 0;
  if (!parsed->positionals.empty()) {
    auto parsed_id = positive(parsed->positionals[0], "a comparison id");
    if (!parsed_id) return cli.usage("comparisons " + sub + ": " + parsed_id.error().message);
    id = *parsed_id;
  }
  auto engine = cli.engine({.storage = true});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());

  if (sub == "list") return list(cli, *session, *parsed);
  if (sub == "show") return show(cli, *session, id, *parsed);

  auto row = find_comparison(*session, id);
  if (!row) return cli.fail(row.error());
  if (!parsed->flag("yes") && !confirmed(cli, comparison_view(*row))) {
    return cli.usage("comparisons delete: not confirmed; add --yes to delete without asking");
  }
  if (auto removed = delete_comparison(*session, *row, Actor{}); !removed) return cli.fail(removed.error());
  if (cli.json()) {
    Poco::JSON::Object out;
    out.set("deleted", id);
    print_json(cli.out(), out);
  } else {
    cli.out() << "deleted comparison " << id << "\n";
  }
  return kExitOk;
}

}  // namespace hsd::engine::cli
