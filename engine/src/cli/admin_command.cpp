// hsdeploy admin bootstrap --workspace W --email E: the first owner of a workspace and their
// API token, printed once.
#include <ostream>

#include "cli.hpp"
#include "domain/identity.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const std::vector<CommandSpec> kSubcommands = {
    {"admin bootstrap", "admin bootstrap --workspace W --email E",
     "the first owner of a workspace (created when missing); prints their API token once",
     {{"workspace", "W", "the workspace's name", true}, {"email", "E", "the owner's e-mail address", true}}},
};

}  // namespace

int run_admin(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("admin", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("admin", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  const auto workspace = parsed->value("workspace");
  const auto email = parsed->value("email");
  if (workspace->empty()) return cli.fail(missing_option(**chosen, "workspace"));
  if (auto checked = check_email(*email); !checked) return cli.usage("--" + checked.error().message);
  auto engine = cli.engine({.storage = true, .secrets = false, .pipelines = false});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto made = bootstrap(*session, *workspace, *email, Actor{});
  if (!made) return cli.fail(made.error());
  if (cli.json()) {
    JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    JsonObject ws = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    ws->set("id", made->workspace->get("id"));
    ws->set("name", made->workspace->get("name"));
    out->set("workspace", ws);
    out->set("user", user_view(made->user));
    out->set("token", made->token.token);
    print_json(cli.out(), out);
  } else {
    cli.out() << "workspace " << made->workspace->getValue<std::string>("name") << " (id "
              << made->workspace->get("id").toString() << "), owner " << *email << "\n"
              << "API token (shown once; keep it secret): " << made->token.token << "\n";
  }
  return kExitOk;
}

}  // namespace hsd::engine::cli
