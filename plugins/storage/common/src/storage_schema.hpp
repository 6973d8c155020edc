// The whitelist of entities and columns from sdk/STORAGE.md. Every table and column name that
// reaches SQL text comes from here, never from a caller: callers' names are only looked up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::storage {

enum class ColumnType { integer, text, json };

struct Column {
  std::string name;
  ColumnType type = ColumnType::text;
  bool nullable = false;     // NULL allowed (the "null" default of STORAGE.md)
  bool has_default = false;  // may be left out of an insert
};

struct Entity {
  std::string name;              // also the table name
  std::vector<Column> columns;   // without id, in table order
  bool has_created_at = false;
  bool has_updated_at = false;

  const Column* find(std::string_view column) const;
  // "id, name, created_at": the column list for SELECT and RETURNING.
  const std::string& select_list() const { return select_list_; }

  std::string select_list_;
};

class Schema {
 public:
  // The entity, or StorageError(HSD_ERR_INVALID_ARGUMENT) naming it.
  static const Entity& entity(std::string_view name);
  static const std::vector<Entity>& entities();
  // The column of an entity, or StorageError(HSD_ERR_INVALID_ARGUMENT) naming both.
  static const Column& column(const Entity& entity, std::string_view name);
};

}  // namespace hsd::plugins::storage
