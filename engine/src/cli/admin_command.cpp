// hsdeploy admin bootstrap --workspace W --email E: the first owner of a workspace and their
// API token, printed once.
#include <ostream>

#include "cli.hpp"
#include "domain/identity.hpp"
#include "output.hpp"

namespace hsd::engine::cli {

int run_admin(Cli& cli, const Args& args) {
  const std::string sub = args.empty() ? "" : args[0];
  if (sub != "bootstrap") return cli.usage("admin: unknown subcommand '" + sub + "'; allowed: bootstrap");
  auto parsed = parse_args(Args(args.begin() + 1, args.end()),
                           ArgSpec{{"workspace", "email"}, {}, 0, 0, "admin bootstrap --workspace W --email E"});
  if (!parsed) return cli.fail(parsed.error());
  const auto workspace = parsed->value("workspace");
  const auto email = parsed->value("email");
  if (!workspace || workspace->empty()) return cli.usage("admin bootstrap: --workspace is required");
  if (!email) return cli.usage("admin bootstrap: --email is required");
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
