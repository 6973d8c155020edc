// hsdeploy metadata types --connection X
//          metadata list --connection X [--type T] [--q TEXT] [--limit N] [--all]
//          metadata show --connection X TYPE ID
#include <algorithm>
#include <ostream>

#include "cli.hpp"
#include "domain/connections.hpp"
#include "domain/metadata_types_view.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const OptionSpec kConnection{"connection", "ID|LABEL", "the connection whose snapshot to read", true};
const OptionSpec kWorkspace{"workspace", "W", "the workspace the connection's label is in"};

const std::vector<CommandSpec> kSubcommands = {
    {"metadata types", "metadata types --connection X",
     "the connection's metadata types with their labels and object counts in its latest snapshot",
     {kConnection, kWorkspace}},
    {"metadata list", "metadata list --connection X [--type T] [--q TEXT] [--limit N]",
     "the objects of a connection's latest snapshot",
     {kConnection,
      {"type", "T", "only objects of this type (one of the plugin's object types)"},
      {"q", "TEXT", "only objects whose name contains TEXT"},
      {"limit", "N", "at most N objects (default: all)"},
      kWorkspace}},
    {"metadata show", "metadata show --connection X TYPE ID", "one object's stored content, byte for byte",
     {kConnection, kWorkspace}, 2, 2},
};

}  // namespace

int run_metadata(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("metadata", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("metadata", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  const std::string sub = args[0];
  auto ref = parsed->value("connection");
  std::int64_t limit = 0;
  if (auto text = parsed->value("limit")) {
    try {
      std::size_t used = 0;
      limit = std::stoll(*text, &used);
      if (used != text->size() || limit < 1) throw std::invalid_argument("limit");
    } catch (const std::exception&) {
      return cli.usage("--limit: '" + *text + "' is not a positive whole number");
    }
  }
  auto engine = cli.engine({.storage = true, .secrets = false, .pipelines = false});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto workspace = workspace_filter(*session, *parsed);
  if (!workspace) return cli.fail(workspace.error());
  auto connection = resolve_connection(*session, *ref, *workspace);
  if (!connection) return cli.fail(connection.error());
  const auto connection_id = (*connection)->getValue<std::int64_t>("id");

  if (sub == "types") {
    const Plugin* plugin = (*engine)->plugins().find((*connection)->getValue<std::string>("plugin"));
    auto view = metadata_types_view(*session, *connection, plugin);
    if (!view) return cli.fail(view.error());
    if (cli.json()) {
      print_json(cli.out(), *view);
      return kExitOk;
    }
    std::vector<std::vector<std::string>> table;
    auto types = (*view)->getArray("types");
    for (std::size_t i = 0; i < types->size(); ++i) {
      auto item = types->getObject(static_cast<unsigned>(i));
      table.push_back({item->getValue<std::string>("type"), item->getValue<std::string>("label"),
                       item->get("count").toString()});
    }
    print_table(cli.out(), {"TYPE", "LABEL", "COUNT"}, table);
    if ((*view)->isNull("retrieved_at")) cli.out() << "No retrieval has finished yet.\n";
    return kExitOk;
  }

  if (sub == "show") {
    auto row = session->metadata_get(connection_id, parsed->positionals[0], parsed->positionals[1]);
    if (!row) return cli.fail(row.error());
    if (cli.json()) print_json(cli.out(), metadata_view(*row));
    else cli.out() << row->data.value_or("") << "\n";
    return kExitOk;
  }

  if (auto type = parsed->value("type")) {
    const Plugin* plugin = (*engine)->plugins().find((*connection)->getValue<std::string>("plugin"));
    auto known = is_metadata_type(*session, *connection, plugin, *type);
    if (!known) return cli.fail(known.error());
    if (!*known) {
      std::string allowed;
      for (const auto& t : plugin->object_types()) allowed += (allowed.empty() ? "" : ", ") + t;
      return cli.usage("--type: '" + *type + "' is not a type of plugin '" + plugin->id() + "'; allowed: " + allowed);
    }
  }
  // Pages through the snapshot; --limit caps the total.
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  std::vector<std::vector<std::string>> table;
  MetadataQuery query;
  query.type = parsed->value("type").value_or("");
  query.q = parsed->value("q").value_or("");
  std::int64_t remaining = limit > 0 ? limit : -1;
  do {
    query.limit = remaining > 0 ? std::min<std::int64_t>(remaining, 1000) : 1000;
    auto page = session->metadata_list(connection_id, query);
    if (!page) return cli.fail(page.error());
    for (const auto& row : page->rows) {
      array->add(metadata_view(row));
      table.push_back({row.type, row.id, row.name, row.hash.substr(0, 12)});
    }
    if (remaining > 0) remaining -= static_cast<std::int64_t>(page->rows.size());
    query.cursor = page->next_cursor;
  } while (!query.cursor.empty() && remaining != 0);
  if (cli.json()) print_json(cli.out(), array);
  else print_table(cli.out(), {"TYPE", "ID", "NAME", "HASH"}, table);
  return kExitOk;
}

}  // namespace hsd::engine::cli
