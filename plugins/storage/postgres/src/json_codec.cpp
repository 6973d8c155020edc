#include "json_codec.hpp"

namespace hsd::plugins::postgres {

std::string row_json(const Rows& rows, int row, const Entity& entity) {
  std::string out = "{\"id\":";
  out += rows.text(row, 0);
  int index = 1;
  for (const Column& column : entity.columns) {
    out += ",\"" + column.name + "\":";
    if (rows.is_null(row, index)) {
      out += "null";
    } else if (column.type == ColumnType::integer) {
      // bigint's text form is already a JSON number.
      out += rows.text(row, index);
    } else if (column.type == ColumnType::json) {
      // Stored only through to_value(), so it is valid JSON text already.
      out += rows.text(row, index);
    } else {
      append_json_string(out, rows.text(row, index));
    }
    ++index;
  }
  out += '}';
  return out;
}

}  // namespace hsd::plugins::postgres
