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
#include <memory>
#include <regex>
#include <shared_mutex>
#include <vector>
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

// Field names whose values are credentials whatever the plugin: OAuth's and HTTP's own words.
const std::vector<std::string> kGenericFields = {"access_token", "refresh_token", "client_secret", "password",
                                                 "token", "code", "secret"};

// What plugins declared (ABI 1.2): the names of their secret fields, and the shapes of their
// providers' tokens. Registered at load time, read on every line: a new set is built whole
// and swapped under the lock, so a reader holds one consistent set without locking it.
struct Declared {
  std::vector<std::string> fields;  // the generic ones, then declared ones
  std::regex json_fields;
  std::regex form_fields;
  struct Pattern {
    std::string prefix;
    std::string source;
    std::regex regex;
  };
  std::vector<Pattern> tokens;

  explicit Declared(std::vector<std::string> names, std::vector<Pattern> patterns = {})
      : fields(std::move(names)), tokens(std::move(patterns)) {
    std::string alternatives;
    for (const auto& name : fields) {
      std::string escaped;
      for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') escaped += '\\';
        escaped += c;
      }
      alternatives += (alternatives.empty() ? "" : "|") + escaped;
    }
    json_fields = std::regex(R"re(("(?:)re" + alternatives + R"re()"\s*:\s*")[^"]*")re");
    form_fields = std::regex(R"re(((?:^|[?&\s])(?:)re" + alternatives + R"re()=)[^&\s]*)re");
  }
};

std::shared_mutex g_declared_mutex;
std::shared_ptr<const Declared>& declared_slot() {
  static std::shared_ptr<const Declared> current = std::make_shared<Declared>(kGenericFields);
  return current;
}

std::shared_ptr<const Declared> declared() {
  std::shared_lock lock(g_declared_mutex);
  return declared_slot();
}

// The cheap look before a regex runs: most lines hold none of its anchors.
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

void add_secret_field(std::string_view name) {
  if (name.empty()) return;
  std::unique_lock lock(g_declared_mutex);
  const Declared& now = *declared_slot();
  if (std::find(now.fields.begin(), now.fields.end(), name) != now.fields.end()) return;
  auto fields = now.fields;
  fields.emplace_back(name);
  declared_slot() = std::make_shared<Declared>(std::move(fields), now.tokens);
}

void add_token_pattern(std::string_view prefix, std::string_view regex) {
  if (prefix.empty() || regex.empty()) return;
  std::unique_lock lock(g_declared_mutex);
  const Declared& now = *declared_slot();
  for (const auto& pattern : now.tokens) {
    if (pattern.prefix == prefix && pattern.source == regex) return;
  }
  auto tokens = now.tokens;
  tokens.push_back({std::string(prefix), std::string(regex), std::regex(std::string(regex))});
  declared_slot() = std::make_shared<Declared>(now.fields, std::move(tokens));
}

std::string redact(std::string_view text) {
  std::string out = redact_secrets(text);
  // Credentials in HTTP auth headers' shapes; "token" only after "Authorization:", as prose says
  // "Token refresh failed" too.
  static const std::regex kBearer(R"(((?:Bearer|Basic|Authorization:\s*token))\s+[A-Za-z0-9._~+/=\-]{6,})",
                                  std::regex::icase);
  const bool bearer = contains_ignoring_case(out, "bearer") || contains_ignoring_case(out, "basic") ||
                      contains_ignoring_case(out, "authorization");
  if (bearer) out = std::regex_replace(out, kBearer, "$1 [redacted]");
  return out;
}

std::string redact_secrets(std::string_view text) {
  std::string out = secrets().redact(text, "[redacted]");
  const auto rules = declared();
  for (const auto& token : rules->tokens) {
    if (out.find(token.prefix) != std::string::npos) out = std::regex_replace(out, token.regex, token.prefix + "[redacted]");
  }
  if (out.find('"') != std::string::npos) out = std::regex_replace(out, rules->json_fields, "$1[redacted]\"");
  if (out.find('=') != std::string::npos) out = std::regex_replace(out, rules->form_fields, "$1[redacted]");
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
