// hsd-fake-github: the fake GitHub as a standalone server for the demo and scripts. Prints
// "listening on http://127.0.0.1:PORT" once ready (and writes --port-file), then serves until
// SIGINT/SIGTERM. Drive it through POST /__fake/... (see README.md).
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "hsd/fakes/fake_github.hpp"

namespace {

constexpr const char* kUsage =
    "usage: hsd-fake-github [--port N] [--port-file PATH] [--root DIR] [--client-id ID]\n"
    "                       [--client-secret SECRET] [--redirect-uri URI]... [--expiring-tokens]\n"
    "                       [--device-interval S] [--rate-limit N]\n";

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "hsd-fake-github: " << message << '\n' << kUsage;
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
  hsd::fakes::FakeGitHubOptions options;
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
    } else if (flag == "--port-file") {
      port_file = value();
    } else if (flag == "--root") {
      options.root = value();
    } else if (flag == "--client-id") {
      options.client_id = value();
    } else if (flag == "--client-secret") {
      options.client_secret = value();
    } else if (flag == "--redirect-uri") {
      options.redirect_uris.push_back(value());
    } else if (flag == "--expiring-tokens") {
      options.expiring_tokens = true;
    } else if (flag == "--device-interval") {
      options.device_interval = static_cast<int>(number(flag, value()));
    } else if (flag == "--rate-limit") {
      options.rate_limit = static_cast<int>(number(flag, value()));
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
    hsd::fakes::FakeGitHub fake(options);
    fake.start();
    if (!port_file.empty()) write_port_file(port_file, fake.port());
    std::cout << "listening on " << fake.base_url() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    fake.stop();
  } catch (const std::exception& e) {
    std::cerr << "hsd-fake-github: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
