#include "statement_cache.hpp"

#include <mutex>
#include <shared_mutex>

namespace hsd::plugins::sqlite {
namespace {

std::shared_mutex& registry_mutex() {
  static std::shared_mutex mutex;
  return mutex;
}

std::unordered_map<sqlite3*, StatementCache*>& registry() {
  static std::unordered_map<sqlite3*, StatementCache*> caches;
  return caches;
}

}  // namespace

StatementCache::~StatementCache() {
  for (auto& [sql, statement] : kept_) sqlite3_finalize(statement);
}

sqlite3_stmt* StatementCache::take(std::string_view sql) {
  auto found = kept_.find(std::string(sql));
  if (found == kept_.end()) return nullptr;
  sqlite3_stmt* statement = found->second;
  kept_.erase(found);
  return statement;
}

void StatementCache::keep(std::string sql, sqlite3_stmt* statement) {
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
  if (kept_.size() >= kCapacity || !kept_.emplace(std::move(sql), statement).second) sqlite3_finalize(statement);
}

StatementCache* StatementCache::of(sqlite3* db) {
  std::shared_lock lock(registry_mutex());
  auto found = registry().find(db);
  return found == registry().end() ? nullptr : found->second;
}

void StatementCache::attach(sqlite3* db, StatementCache* cache) {
  std::unique_lock lock(registry_mutex());
  registry()[db] = cache;
}

void StatementCache::detach(sqlite3* db) {
  std::unique_lock lock(registry_mutex());
  registry().erase(db);
}

}  // namespace hsd::plugins::sqlite
