#include "hsd/engine/log.hpp"

#include <hsd/json_text.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <regex>
#include <string>

#include "secret_index.hpp"

namespace hsd::engine::log {
namespace {

using hsd::sdk::append_json_string;

std::atomic<Level> g_min_level{Level::info};
std::atomic<bool> g_json{false};
std::mutex g_write_mutex;

// Rotating OAuth tokens add a few secrets per refresh; the cap keeps a long-lived service's
// index bounded, and what falls out are tokens replaced long ago.
detail::SecretIndex& secrets() {
  static detail::SecretIndex index(200'000);
  return index;
}

// Credential shapes the engine was never told about. Each pattern runs only where a cheap
// look shows its anchor, as most lines hold none.
bool contains_ignoring_case(std::string_view text, std::string_view word) {
  return std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         }) != text.end();
}

std::string timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

bool parse_level(std::string_view text, Level& out) {
  static constexpr std::pair<std::string_view, Level> kNames[] = {
      {"trace", Level::trace}, {"debug", Level::debug}, {"info", Level::info},
      {"warn", Level::warn},   {"error", Level::error}};
  for (const auto& [name, level] : kNames) {
    if (text == name) {
      out = level;
      return true;
    }
  }
  return false;
}

const char* level_name(Level level) {
  switch (level) {
    case Level::trace: return "trace";
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

void configure(Level min, Format format) {
  g_min_level = min;
  g_json = format == Format::json || (format == Format::automatic && !::isatty(STDERR_FILENO));
}

Level min_level() { return g_min_level; }

void add_secret(std::string_view secret) { secrets().add(secret); }

std::string redact(std::string_view text) {
  std::string out = secrets().redact(text, "[redacted]");
  static const std::regex kBearer(R"((Bearer|Basic|token)\s+[A-Za-z0-9._~+/=\-]{6,})",
                                  std::regex::icase);
  static const std::regex kPat(R"(pat-[a-z0-9]+-[A-Za-z0-9\-]{6,})");
  static const std::regex kJsonSecret(
      R"re(("(?:access_token|refresh_token|client_secret|password|token|code|private_app_token|secret)"\s*:\s*")[^"]*")re");
  static const std::regex kFormSecret(
      R"(((?:^|[?&\s])(?:access_token|refresh_token|client_secret|password|token|code)=)[^&\s]*)");
  const bool bearer = contains_ignoring_case(out, "bearer") || contains_ignoring_case(out, "basic") ||
                      contains_ignoring_case(out, "token");
  if (bearer) out = std::regex_replace(out, kBearer, "$1 [redacted]");
  if (out.find("pat-") != std::string::npos) out = std::regex_replace(out, kPat, "pat-[redacted]");
  if (out.find('"') != std::string::npos) out = std::regex_replace(out, kJsonSecret, "$1[redacted]\"");
  if (out.find('=') != std::string::npos) out = std::regex_replace(out, kFormSecret, "$1[redacted]");
  return out;
}

void write(Level level, std::string_view logger, std::string_view message,
           std::initializer_list<Field> fields) {
  if (level < g_min_level.load()) return;
  std::string line;
  if (g_json) {
    line += "{\"ts\":";
    append_json_string(line, timestamp());
    line += ",\"level\":";
    append_json_string(line, level_name(level));
    line += ",\"logger\":";
    append_json_string(line, logger);
    line += ",\"msg\":";
    append_json_string(line, redact(message));
    for (const auto& [key, value] : fields) {
      line += ',';
      append_json_string(line, key);
      line += ':';
      append_json_string(line, redact(value));
    }
    line += "}\n";
  } else {
    line = timestamp() + " " + level_name(level) + " " + std::string(logger) + ": " +
           redact(message);
    for (const auto& [key, value] : fields) {
      line.append(" ").append(key).append("=").append(redact(value));
    }
    line += "\n";
  }
  std::lock_guard lock(g_write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace hsd::engine::log
