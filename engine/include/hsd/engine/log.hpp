// Structured logging owned by the engine: text lines on a terminal, JSON lines otherwise.
// Every message passes through redact(), which removes registered secrets and anything that
// looks like a credential, so no token or auth header reaches a log.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace hsd::engine::log {

enum class Level { trace = 0, debug = 1, info = 2, warn = 3, error = 4 };
enum class Format { automatic, text, json };

// Parses "trace" ... "error"; returns false on anything else.
bool parse_level(std::string_view text, Level& out);
const char* level_name(Level level);

// Sets the minimum level and the format; automatic picks text when stderr is a terminal.
void configure(Level min_level, Format format);
Level min_level();

using Field = std::pair<std::string_view, std::string>;

// Writes one line to stderr: level, logger (e.g. "engine.plugin", "plugin.<id>"),
// message and extra fields, all redacted.
void write(Level level, std::string_view logger, std::string_view message,
           std::initializer_list<Field> fields = {});

inline void info(std::string_view logger, std::string_view message,
                 std::initializer_list<Field> fields = {}) {
  write(Level::info, logger, message, fields);
}
inline void warn(std::string_view logger, std::string_view message,
                 std::initializer_list<Field> fields = {}) {
  write(Level::warn, logger, message, fields);
}
inline void error(std::string_view logger, std::string_view message,
                  std::initializer_list<Field> fields = {}) {
  write(Level::error, logger, message, fields);
}
inline void debug(std::string_view logger, std::string_view message,
                  std::initializer_list<Field> fields = {}) {
  write(Level::debug, logger, message, fields);
}

// Registers a secret value (a token, a key) that must never appear in a log line.
// Values shorter than 6 characters are ignored: they would redact ordinary words.
void add_secret(std::string_view secret);

// Registers a field name whose values are secrets (a plugin's secret parameter or output):
// its values are redacted as JSON keys ("name": "...") and form fields (name=...).
void add_secret_field(std::string_view name);

// Registers a token shape (a plugin's manifest: a literal prefix and an ECMAScript regex that
// starts with it); matches are redacted to prefix + "[redacted]" wherever the prefix appears.
void add_token_pattern(std::string_view prefix, std::string_view regex);

// Removes registered secrets, bearer tokens, declared token shapes and the values of
// credential-like JSON keys and form fields (access_token, refresh_token, client_secret,
// password, token, code, secret, and every declared secret field).
std::string redact(std::string_view text);

// The same without the heuristics for HTTP auth headers: for texts people read and the engine
// stores (errors, status details, audit records), where a word such as "Basic" is prose.
std::string redact_secrets(std::string_view text);

}  // namespace hsd::engine::log
