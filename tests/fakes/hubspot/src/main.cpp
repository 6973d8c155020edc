// hsd-fake-hubspot: the fake HubSpot as a standalone server for the demo and scripts.
// Prints "listening on http://127.0.0.1:PORT" once ready (and writes --port-file), then
// serves until SIGINT/SIGTERM. Drive it through POST /__fake/... (see README.md).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "hsd/fakes/fake_hubspot.hpp"

namespace {

constexpr const char* kUsage =
    "usage: hsd-fake-hubspot [--port N] [--seed N] [--size small|medium|large] [--rate-limit N]\n"
    "                        [--daily-limit N] [--token-lifetime SECONDS] [--pat TOKEN]...\n"
    "                        [--client-id ID] [--client-secret SECRET] [--redirect-uri URI]...\n"
    "                        [--hub-id N] [--rotate-refresh-tokens] [--sensitive-scopes]\n"
    "                        [--port-file PATH]\n";

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "hsd-fake-hubspot: " << message << '\n' << kUsage;
  std::exit(2);
}

long long number(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used != text.size() || value < 0) throw std::invalid_argument(text);
    return value;
  } catch (const std::exception&) {
    usage_error(flag + " needs a non-negative number, got '" + text + "'");
  }
}

void write_port_file(const std::string& path, std::uint16_t port) {
  // Write then rename, so a script polling for the file never reads half a number.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << '\n';
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

int main(int argc, char** argv) {
  hsd::fakes::FakeHubSpotOptions options;
  std::string port_file;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--port") {
      const auto p = number(flag, value());
      if (p > 65535) usage_error("--port must be at most 65535");
      options.port = static_cast<std::uint16_t>(p);
    } else if (flag == "--seed") {
      options.seed = static_cast<std::uint64_t>(number(flag, value()));
    } else if (flag == "--size") {
      const std::string size = value();
      if (size == "small")
        options.sizes = hsd::fakes::PortalSizes::small();
      else if (size == "medium")
        options.sizes = hsd::fakes::PortalSizes::medium();
      else if (size == "large")
        options.sizes = hsd::fakes::PortalSizes::large();
      else
        usage_error("--size must be small, medium or large");
    } else if (flag == "--rate-limit") {
      options.rate_limit = static_cast<int>(number(flag, value()));
    } else if (flag == "--daily-limit") {
      options.daily_limit = static_cast<long>(number(flag, value()));
    } else if (flag == "--token-lifetime") {
      options.access_token_lifetime = std::chrono::seconds(number(flag, value()));
    } else if (flag == "--pat") {
      options.private_app_tokens[value()] = options.granted_scopes;
    } else if (flag == "--client-id") {
      options.client_id = value();
    } else if (flag == "--client-secret") {
      options.client_secret = value();
    } else if (flag == "--redirect-uri") {
      options.redirect_uris.push_back(value());
    } else if (flag == "--hub-id") {
      options.hub_id = static_cast<std::uint64_t>(number(flag, value()));
    } else if (flag == "--rotate-refresh-tokens") {
      options.rotate_refresh_tokens = true;
    } else if (flag == "--sensitive-scopes") {
      for (const char* s : {"crm.objects.contacts.sensitive.read.v2", "crm.objects.contacts.highly_sensitive.read.v2",
                            "crm.objects.deals.sensitive.read.v2", "crm.objects.deals.highly_sensitive.read.v2"})
        options.granted_scopes.emplace_back(s);
    } else if (flag == "--port-file") {
      port_file = value();
    } else if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      usage_error("unknown flag " + flag);
    }
  }

  // Block the stop signals before any server thread exists, so only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    hsd::fakes::FakeHubSpot fake(options);
    fake.start();
    if (!port_file.empty()) write_port_file(port_file, fake.port());
    std::cout << "listening on " << fake.base_url() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    fake.stop();
  } catch (const std::exception& e) {
    std::cerr << "hsd-fake-hubspot: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
