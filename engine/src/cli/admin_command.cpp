// hsdeploy admin bootstrap --workspace W --email E: the first owner of a workspace and their
// API token, printed once, with a one-time link to set a password for the web UI.
// hsdeploy admin reset-password --email E: the operator's reset: clears the password, ends the
// user's browser sessions and prints a new one-time link.
#include <ostream>

#include "cli.hpp"
#include "domain/identity.hpp"
#include "domain/password_links.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const std::vector<CommandSpec> kSubcommands = {
    {"admin bootstrap", "admin bootstrap --workspace W --email E",
     "the first owner of a workspace (created when missing); prints their API token once and a link to set a password",
     {{"workspace", "W", "the workspace's name", true}, {"email", "E", "the owner's e-mail address", true}}},
    {"admin reset-password", "admin reset-password --email E",
     "clears a user's password, ends their browser sessions and prints a one-time link to set a new one",
     {{"email", "E", "the user's e-mail address", true}}},
};

int run_bootstrap(Cli& cli, const ParsedArgs& parsed, const CommandSpec& spec) {
  const auto workspace = parsed.value("workspace");
  const auto email = parsed.value("email");
  if (workspace->empty()) return cli.fail(missing_option(spec, "workspace"));
  if (auto checked = check_email(*email); !checked) return cli.usage("--" + checked.error().message);
  auto engine = cli.engine({.storage = true, .secrets = false, .pipelines = false});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto made = bootstrap(*session, *workspace, *email, Actor{});
  if (!made) return cli.fail(made.error());
  // Someone who already set a password (an owner of another workspace) keeps it: no link.
  std::optional<IssuedLink> link;
  if (!has_set_password(made->user)) {
    auto issued = issue_password_link(*session, LinkRequest{made->user->getValue<std::int64_t>("id"),
                                                            made->workspace->getValue<std::int64_t>("id"), "bootstrap"},
                                      (*engine)->config().service.public_url, Actor{}, now_ms());
    if (!issued) return cli.fail(issued.error());
    link = std::move(*issued);
  }
  if (cli.json()) {
    JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    JsonObject ws = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    ws->set("id", made->workspace->get("id"));
    ws->set("name", made->workspace->get("name"));
    out->set("workspace", ws);
    out->set("user", user_view(made->user));
    out->set("token", made->token.token);
    out->set("password_link", link ? Poco::Dynamic::Var(link_view(*link)) : Poco::Dynamic::Var());
    print_json(cli.out(), out);
  } else {
    cli.out() << "workspace " << made->workspace->getValue<std::string>("name") << " (id "
              << made->workspace->get("id").toString() << "), owner " << *email << "\n"
              << "API token (shown once; keep it secret): " << made->token.token << "\n";
    if (link) {
      cli.out() << "set a password for the web UI (one use, until " << iso8601(link->expires_at) << "): " << link->url
                << "\n";
    }
  }
  return kExitOk;
}

int run_reset_password(Cli& cli, const ParsedArgs& parsed) {
  const auto email = parsed.value("email");
  auto engine = cli.engine({.storage = true, .secrets = false, .pipelines = false});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto user = find_user(*session, *email);
  if (!user) {
    return user.error().code == ErrorCode::not_found ? cli.usage("--email: " + user.error().message) : cli.fail(user.error());
  }
  auto link = reset_password(*session, (*user)->getValue<std::int64_t>("id"), (*engine)->config().service.public_url,
                             Actor{}, now_ms());
  if (!link) return cli.fail(link.error());
  if (cli.json()) {
    JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("user", user_view(*user));
    out->set("password_link", link_view(*link));
    print_json(cli.out(), out);
  } else {
    cli.out() << "the password of " << (*user)->getValue<std::string>("email")
              << " is cleared and their browser sessions ended\n"
              << "set a new password (one use, until " << iso8601(link->expires_at) << "): " << link->url << "\n";
  }
  return kExitOk;
}

}  // namespace

int run_admin(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("admin", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("admin", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  if ((*chosen)->name == "admin reset-password") return run_reset_password(cli, *parsed);
  return run_bootstrap(cli, *parsed, **chosen);
}

}  // namespace hsd::engine::cli
