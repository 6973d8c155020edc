// Prepared statements kept per connection for reuse: preparing (parsing and planning) the same
// SQL on every call was a fifth of the service's CPU on its busiest read. A Session registers
// its cache under its sqlite3 handle; a Statement on that handle takes a kept statement and
// gives it back reset, so no call site has to know. A connection serves one call at a time, so
// only the registry needs a lock.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <unordered_map>

namespace hsd::plugins::sqlite {

class StatementCache {
 public:
  static constexpr std::size_t kCapacity = 128;  // query shapes are few; beyond this, none are kept

  StatementCache() = default;
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // A kept statement for sql (reset, no bindings), or null.
  sqlite3_stmt* take(std::string_view sql);
  // Keeps a statement (reset here); finalizes it when one is already kept for sql or the cache is full.
  void keep(std::string sql, sqlite3_stmt* statement);

  // The cache registered for a connection, or null.
  static StatementCache* of(sqlite3* db);
  static void attach(sqlite3* db, StatementCache* cache);
  static void detach(sqlite3* db);

 private:
  std::unordered_map<std::string, sqlite3_stmt*> kept_;
};

}  // namespace hsd::plugins::sqlite
