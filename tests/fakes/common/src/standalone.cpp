#include "hsd/fakes/common/standalone.hpp"

#include <pthread.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace hsd::fakes::common {

bool CommandLine::next() {
  if (++index_ >= argc_) return false;
  flag_ = argv_[index_];
  return true;
}

std::string CommandLine::value() {
  if (index_ + 1 >= argc_) usage_error(flag_ + " needs a value");
  return argv_[++index_];
}

long long CommandLine::number() {
  const std::string text = value();
  try {
    std::size_t used = 0;
    const long long number = std::stoll(text, &used);
    if (used != text.size() || number < 0) throw std::invalid_argument(text);
    return number;
  } catch (const std::exception&) {
    usage_error(flag_ + " needs a non-negative number, got '" + text + "'");
  }
}

std::uint16_t CommandLine::port() {
  const auto port = number();
  if (port > 65535) usage_error(flag_ + " must be at most 65535");
  return static_cast<std::uint16_t>(port);
}

void CommandLine::usage_error(const std::string& message) const {
  std::cerr << program_ << ": " << message << '\n' << usage_;
  std::exit(2);
}

void write_port_file(const std::string& path, std::uint16_t port) {
  // Write then rename: the rename is atomic, the write is not.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << '\n';
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace hsd::fakes::common
