// hsdeploy run PIPELINE --connection X [--param NAME=VALUE...]: one pipeline, one-shot, with
// a progress line on a terminal.
#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <ostream>

#include "cli.hpp"
#include "domain/connections.hpp"
#include "domain/pipeline_run.hpp"
#include "output.hpp"
#include "progress_bar.hpp"

namespace hsd::engine::cli {
namespace {

const CommandSpec kRun{"run", "run PIPELINE --connection ID|LABEL [--param NAME=VALUE...]",
                       "run one pipeline (retrieve, ...) for a connection, here and now",
                       {{"connection", "ID|LABEL", "the connection to run it for", true},
                        {"param", "NAME=VALUE", "a pipeline parameter; may repeat; 25, true or [..] keep their JSON type"},
                        {"workspace", "W", "the workspace the connection's label is in"}},
                       1, 1};

}  // namespace

int run_run(Cli& cli, const Args& args) {
  auto parsed = parse_command(args, kRun);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(kRun));
  auto connection_ref = parsed->value("connection");
  Poco::JSON::Object::Ptr params = new Poco::JSON::Object;
  if (auto found = parsed->values.find("param"); found != parsed->values.end()) {
    for (const auto& pair : found->second) {
      const auto eq = pair.find('=');
      if (eq == std::string::npos || eq == 0) return cli.usage("--param '" + pair + "': write NAME=VALUE");
      // 25, true or [..] keep their JSON type; anything else is a string.
      const std::string text = pair.substr(eq + 1);
      try {
        params->set(pair.substr(0, eq), Poco::JSON::Parser().parse(text));
      } catch (const Poco::Exception&) {
        params->set(pair.substr(0, eq), text);
      }
    }
  }
  auto engine = cli.engine();
  if (!engine) return cli.fail(engine.error());
  if (!(*engine)->pipelines().find(parsed->positionals[0])) {
    std::string known;
    for (const auto& name : (*engine)->pipelines().names()) known += (known.empty() ? "" : ", ") + name;
    return cli.usage("run: no pipeline '" + parsed->positionals[0] + "'; allowed: " + known);
  }
  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto workspace = workspace_filter(*session, *parsed);
  if (!workspace) return cli.fail(workspace.error());
  auto row = resolve_connection(*session, *connection_ref, *workspace);
  if (!row) return cli.fail(row.error());

  PipelineRequest request;
  request.pipeline = parsed->positionals[0];
  request.target.connection = *row;
  request.target.plugin = (*row)->getValue<std::string>("plugin");
  request.target.workspace_id = (*row)->getValue<std::int64_t>("workspace_id");
  request.params_json = stringify(params);
  std::optional<ProgressBar> bar;
  if (!cli.json() && ::isatty(STDERR_FILENO)) {
    bar.emplace(cli.err());
    request.observer = &*bar;
  }
  auto outcome = run_named_pipeline(**engine, cli.credentials(), request);
  bar.reset();
  if (!outcome) return cli.fail(outcome.error());

  JsonObject summary = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  summary->set("pipeline", request.pipeline);
  summary->set("ok", outcome->report.ok);
  summary->set("connection", outcome->connection ? connection_view(*outcome->connection) : JsonObject());
  JsonObject by_type = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [type, count] : outcome->objects_by_type) by_type->set(type, count);
  summary->set("objects", by_type);
  if (outcome->report.error) {
    JsonObject error = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    error->set("step", outcome->report.failed_step);
    error->set("code", std::string(error_code_name(outcome->report.error->code)));
    error->set("message", outcome->report.error->message);
    summary->set("error", error);
  }
  if (cli.json()) {
    print_json(cli.out(), summary);
  } else {
    cli.out() << "pipeline " << request.pipeline << (outcome->report.ok ? " completed" : " failed");
    if (outcome->connection) {
      cli.out() << " for connection " << (*outcome->connection)->getValue<std::int64_t>("id") << " '"
                << (*outcome->connection)->getValue<std::string>("label") << "'";
    }
    cli.out() << "\n";
    for (const auto& [type, count] : outcome->objects_by_type) cli.out() << "  " << type << ": " << count << "\n";
  }
  if (!outcome->report.ok) {
    cli.err() << "hsdeploy: step '" << outcome->report.failed_step << "' failed: " << outcome->report.error->message << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace hsd::engine::cli
