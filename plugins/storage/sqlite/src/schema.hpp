// The storage ABI's entities and columns, shared by the storage plugins (plugins/storage/common),
// named here unqualified. Every table and column name that reaches SQL text comes from there.
#pragma once

#include "storage_schema.hpp"

namespace hsd::plugins::sqlite {

using storage::Column;
using storage::ColumnType;
using storage::Entity;
using storage::Schema;

}  // namespace hsd::plugins::sqlite
