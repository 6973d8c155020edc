// hsd-fake-github: the fake GitHub as a standalone server for the demo and scripts. Prints
// "listening on http://127.0.0.1:PORT" once ready (and writes --port-file), then serves until
// SIGINT/SIGTERM. Drive it through POST /__fake/... (see README.md).
#include <iostream>
#include <string>

#include "hsd/fakes/common/standalone.hpp"
#include "hsd/fakes/fake_github.hpp"

namespace {

constexpr const char* kUsage =
    "usage: hsd-fake-github [--port N] [--port-file PATH] [--root DIR] [--client-id ID]\n"
    "                       [--client-secret SECRET] [--redirect-uri URI]... [--expiring-tokens]\n"
    "                       [--device-interval S] [--rate-limit N]\n";

}  // namespace

int main(int argc, char** argv) {
  hsd::fakes::FakeGitHubOptions options;
  std::string port_file;
  hsd::fakes::common::CommandLine args("hsd-fake-github", kUsage, argc, argv);
  while (args.next()) {
    if (hsd::fakes::common::read_shared_flag(args, options, port_file)) continue;
    const std::string& flag = args.flag();
    if (flag == "--root") {
      options.root = args.value();
    } else if (flag == "--expiring-tokens") {
      options.expiring_tokens = true;
    } else if (flag == "--device-interval") {
      options.device_interval = static_cast<int>(args.number());
    } else if (flag == "--rate-limit") {
      options.rate_limit = static_cast<int>(args.number());
    } else if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      args.usage_error("unknown flag " + flag);
    }
  }
  return hsd::fakes::common::serve_until_signalled<hsd::fakes::FakeGitHub>("hsd-fake-github", options, port_file);
}
