#include "json_codec.hpp"

namespace hsd::plugins::sqlite {

std::string row_json(const Statement& row, const Entity& entity) {
  std::string out = "{\"id\":" + std::to_string(row.column_int(0));
  int index = 1;
  for (const Column& column : entity.columns) {
    out += ",\"" + column.name + "\":";
    if (row.is_null(index)) {
      out += "null";
    } else if (column.type == ColumnType::integer) {
      out += std::to_string(row.column_int(index));
    } else if (column.type == ColumnType::json) {
      // Stored only through to_value(), so it is valid JSON text already.
      out += row.column_text(index);
    } else {
      append_json_string(out, row.column_text(index));
    }
    ++index;
  }
  out += '}';
  return out;
}

}  // namespace hsd::plugins::sqlite
