#include "instance.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <memory>

#include "json_codec.hpp"
#include "migrations.hpp"
#include "session.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

// text with what each pair of double quotes encloses replaced by "...".
std::string without_quoted(const std::string& text) {
  std::string out;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') {
      out += quoted ? "...\"" : "\"";
      quoted = !quoted;
    } else if (!quoted) {
      out += c;
    }
  }
  if (quoted) out += "...";
  return out;
}

// Reads the DSN's parts with libpq's own parser (key=value strings and postgres:// URIs alike):
// the password, to scrub it, and the rest, to name the server in messages.
void describe(Instance& instance, const std::string& what) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(instance.dsn.c_str(), &error);
  if (!options) {
    // libpq's message may quote a piece of the string ("invalid percent-encoded token:
    // \"p%ss\"", "missing \"=\" after \"word\""), which can be the password, and the password
    // is not known yet: keep the message, not what it quotes.
    std::string message = error ? error : "out of memory";
    if (error) PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    message = without_quoted(message);
    fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"dsn\" is not a libpq connection string: " + message);
  }
  std::string server;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    const std::string key = o->keyword;
    if (key == "password") instance.password = o->val;
    if (key == "host" || key == "hostaddr" || key == "port" || key == "dbname" || key == "user") {
      server += (server.empty() ? "" : " ") + key + "=" + o->val;
    }
  }
  PQconninfoFree(options);
  instance.server = server.empty() ? "libpq defaults" : server;
}

Instance::Migrate migrate_mode(const std::string& value, const std::string& what) {
  if (value.empty() || value == "auto") return Instance::Migrate::automatic;
  if (value == "manual") return Instance::Migrate::manual;
  if (value == "inspect") return Instance::Migrate::inspect;
  fail(HSD_ERR_INVALID_ARGUMENT, what + ": storage.migrate must be auto, manual or inspect, not '" + value + "'");
}

}  // namespace

void Instance::acquire() const {
  std::unique_lock lock(slots->mutex);
  if (pool_size > 0 &&
      !slots->freed.wait_for(lock, std::chrono::seconds(10), [&] { return slots->open < pool_size; })) {
    throw StorageError(HSD_ERR_UNAVAILABLE,
                       "all " + std::to_string(pool_size) +
                           " PostgreSQL connections of the storage's pool_size are in use; retry later",
                       true);
  }
  ++slots->open;
}

void Instance::release() const {
  {
    std::lock_guard lock(slots->mutex);
    --slots->open;
  }
  slots->freed.notify_one();
}

std::string scrub(const Instance& instance, std::string message) {
  if (instance.password.empty()) return message;
  for (auto at = message.find(instance.password); at != std::string::npos;
       at = message.find(instance.password, at + 3)) {
    message.replace(at, instance.password.size(), "***");
  }
  return message;
}

Instance make_instance(const hsd_host_api* host, std::string_view config_json) {
  const std::string what = "postgres storage configuration";
  const auto config = parse_object(config_json, what);
  for (const auto& [key, value] : *config) {
    if (key != "plugin" && key != "dsn" && key != "pool_size" && key != "path" && key != "migrate") {
      fail(HSD_ERR_INVALID_ARGUMENT, what + ": unknown key '" + key + "'");
    }
  }
  const std::string plugin = string_field(*config, "plugin", what);
  if (!plugin.empty() && plugin != "postgres") {
    fail(HSD_ERR_INVALID_ARGUMENT, what + " names plugin '" + plugin + "', not 'postgres'");
  }
  Instance instance;
  instance.host = host;
  instance.dsn = string_field(*config, "dsn", what);
  if (plugin.empty() && instance.dsn.empty()) {
    // The engine loads every plugin of plugins.dir, and gives a storage plugin that is not
    // storage.plugin an empty configuration: loaded, but it opens no sessions.
    return instance;
  }
  if (instance.dsn.empty()) {
    fail(HSD_ERR_INVALID_ARGUMENT,
         what + " needs \"dsn\", a libpq connection string such as \"host=db dbname=hsdeploy\"");
  }
  const auto pool_size = int_field(*config, "pool_size", 0, what);
  if (pool_size < 0 || pool_size > 1000) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"pool_size\" must be 1..1000");
  }
  instance.pool_size = static_cast<int>(pool_size);
  instance.migrate = migrate_mode(string_field(*config, "migrate", what), what);
  describe(instance, what);

  if (instance.migrate == Instance::Migrate::inspect) return instance;
  Session session(instance);
  if (instance.migrate == Instance::Migrate::manual) {
    Migrations::require_current(session);
  } else {
    Migrations::apply(session);
  }
  return instance;
}

}  // namespace hsd::plugins::postgres
