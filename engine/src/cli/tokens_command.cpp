// hsdeploy tokens create --email E [--name N] | list [--email E] | revoke ID
#include <ostream>

#include "cli.hpp"
#include "domain/audit.hpp"
#include "domain/identity.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const std::vector<CommandSpec> kSubcommands = {
    {"tokens create", "tokens create --email E [--name N]", "a new API token for a user; printed once",
     {{"email", "E", "the user's e-mail address", true}, {"name", "N", "a name to tell the token apart"}}},
    {"tokens list", "tokens list [--email E]", "the API tokens (never their secrets)",
     {{"email", "E", "only this user's tokens"}}},
    {"tokens revoke", "tokens revoke ID", "revoke a token: it stops working at once", {}, 1, 1},
};

int create(Cli& cli, Session& session, const ParsedArgs& parsed) {
  const auto email = parsed.value("email");
  auto user = find_user(session, *email);
  if (!user) {
    if (user.error().code == ErrorCode::not_found) {
      return cli.usage("--email: no user has the e-mail '" + *email +
                       "'; an owner adds people with POST /api/v1/workspaces/{ws}/members");
    }
    return cli.fail(user.error());
  }
  const auto user_id = (*user)->getValue<std::int64_t>("id");
  auto issued = issue_token(session, user_id, parsed.value("name").value_or(""));
  if (!issued) return cli.fail(issued.error());
  audit(session, std::nullopt, Actor{}, "token.create", "user", std::to_string(user_id),
        "{\"token\":" + issued->row->get("id").toString() + "}");
  if (cli.json()) {
    JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("id", issued->row->get("id"));
    out->set("user", user_view(*user));
    out->set("token", issued->token);
    print_json(cli.out(), out);
  } else {
    cli.out() << "token " << issued->row->get("id").toString() << " for " << *email
              << " (shown once; keep it secret): " << issued->token << "\n";
  }
  return kExitOk;
}

int list(Cli& cli, Session& session, const ParsedArgs& parsed) {
  Query query;
  if (const auto email = parsed.value("email")) {
    auto user = find_user(session, *email);
    if (!user) return user.error().code == ErrorCode::not_found ? cli.usage("--email: " + user.error().message)
                                                                : cli.fail(user.error());
    query.where.set("user_id", (*user)->get("id"));
  }
  auto rows = session.find("api_tokens", query);
  if (!rows) return cli.fail(rows.error());
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  std::vector<std::vector<std::string>> table;
  for (const auto& row : *rows) {
    auto user = session.get("users", row->getValue<std::int64_t>("user_id"));
    if (!user) return cli.fail(user.error());
    auto view = token_view(row, (*user)->getValue<std::string>("email"));
    array->add(view);
    table.push_back({cell(view->get("id")), cell(view->get("user")), cell(view->get("name")),
                     cell(view->get("created_at")), cell(view->get("last_used_at")), cell(view->get("revoked_at"))});
  }
  if (cli.json()) print_json(cli.out(), array);
  else print_table(cli.out(), {"ID", "USER", "NAME", "CREATED", "LAST USED", "REVOKED"}, table);
  return kExitOk;
}

int revoke(Cli& cli, Session& session, const ParsedArgs& parsed) {
  std::int64_t id = 0;
  try {
    std::size_t used = 0;
    id = std::stoll(parsed.positionals[0], &used);
    if (used != parsed.positionals[0].size() || id < 1) throw std::invalid_argument("id");
  } catch (const std::exception&) {
    return cli.usage("tokens revoke: ID must be a token id (see 'hsdeploy tokens list'), got '" +
                     parsed.positionals[0] + "'");
  }
  auto revoked = revoke_token(session, id);
  if (!revoked) return cli.fail(revoked.error());
  audit(session, std::nullopt, Actor{}, "token.revoke", "token", std::to_string(id));
  if (cli.json()) cli.out() << "{\"revoked\":" << id << "}\n";
  else cli.out() << "revoked token " << id << "\n";
  return kExitOk;
}

}  // namespace

int run_tokens(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("tokens", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("tokens", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  const std::string sub = args[0];
  auto engine = cli.engine({.storage = true, .secrets = false, .pipelines = false});
  if (!engine) return cli.fail(engine.error());
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  if (sub == "create") return create(cli, *session, *parsed);
  if (sub == "list") return list(cli, *session, *parsed);
  return revoke(cli, *session, *parsed);
}

}  // namespace hsd::engine::cli
