// What a fake needs to run as a standalone server (hsd-fake-hubspot, hsd-fake-github): its
// command line, the --port-file handshake and serving until SIGINT/SIGTERM. Each fake's
// main.cpp keeps only its own flags.
#pragma once

#include <csignal>
#include <cstdint>
#include <exception>
#include <iostream>
#include <string>

namespace hsd::fakes::common {

/** Walks argv flag by flag; every mistake prints the usage and exits with status 2. */
class CommandLine {
 public:
  CommandLine(std::string program, std::string usage, int argc, char** argv)
      : program_(std::move(program)), usage_(std::move(usage)), argc_(argc), argv_(argv) {}

  /** Moves to the next flag; false once argv is used up. */
  bool next();
  const std::string& flag() const { return flag_; }
  /** The argument after the flag. */
  std::string value();
  /** value() as a non-negative number. */
  long long number();
  /** number() as a TCP port. */
  std::uint16_t port();
  const std::string& usage() const { return usage_; }
  [[noreturn]] void usage_error(const std::string& message) const;

 private:
  std::string program_;
  std::string usage_;
  int argc_;
  char** argv_;
  int index_ = 0;
  std::string flag_;
};

/**
 * Reads the flag at args when it is one every fake takes the same way: --port, --port-file,
 * --client-id, --client-secret, --redirect-uri (repeatable). False for any other flag.
 */
template <class Options>
bool read_shared_flag(CommandLine& args, Options& options, std::string& port_file) {
  const std::string& flag = args.flag();
  if (flag == "--port") {
    options.port = args.port();
  } else if (flag == "--port-file") {
    port_file = args.value();
  } else if (flag == "--client-id") {
    options.client_id = args.value();
  } else if (flag == "--client-secret") {
    options.client_secret = args.value();
  } else if (flag == "--redirect-uri") {
    options.redirect_uris.push_back(args.value());
  } else {
    return false;
  }
  return true;
}

/** Writes port to path so that a script polling for the file never reads half a number. */
void write_port_file(const std::string& path, std::uint16_t port);

/** Blocks SIGINT and SIGTERM in this thread and every thread it starts later; returns them. */
sigset_t block_stop_signals();

/**
 * Runs Fake (constructed from options) until SIGINT/SIGTERM: prints "listening on URL" once it
 * serves (after writing port_file, when given). Returns the process's exit status: 1 when the
 * fake failed to start, with the reason on stderr.
 */
template <class Fake, class Options>
int serve_until_signalled(const std::string& program, const Options& options, const std::string& port_file) {
  // Before any server thread exists, so only sigwait below sees the signals.
  const sigset_t signals = block_stop_signals();
  try {
    Fake fake(options);
    fake.start();
    if (!port_file.empty()) write_port_file(port_file, fake.port());
    std::cout << "listening on " << fake.base_url() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    fake.stop();
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace hsd::fakes::common
