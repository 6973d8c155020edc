// hsdeploy serve: runs the service until SIGTERM or SIGINT, then drains (see Service::stop).
#include <pthread.h>
#include <signal.h>

#include <ostream>

#include "cli.hpp"
#include "service/service.hpp"

namespace hsd::engine::cli {
namespace {

const CommandSpec kServe{"serve", "serve",
                         "the REST API, job workers and scheduler until SIGTERM or SIGINT, which drain them"};

}  // namespace

int run_serve(Cli& cli, const Args& args) {
  auto parsed = parse_command(args, kServe);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(kServe));
  // Blocked before any thread starts, so that every thread inherits the mask and only the
  // sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto engine = cli.engine();
  if (!engine) return cli.fail(engine.error());
  // A service's log is its record: info unless the operator chose otherwise.
  if (!cli.log_level_chosen()) log::configure(log::Level::info, cli.log_format());
  for (const auto& refusal : (*engine)->plugin_refusals()) log::warn("service", refusal.message);
  auto service = service::Service::start(**engine);
  if (!service) return cli.fail(service.error());
  cli.out() << "hsdeploy serving on " << (*service)->url() << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  log::info("service", "signal received", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*service)->stop();
  return kExitOk;
}

}  // namespace hsd::engine::cli
