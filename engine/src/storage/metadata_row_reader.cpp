#include "metadata_row_reader.hpp"

#include <simdjson.h>

#include <cstdint>
#include <string>

namespace hsd::engine::detail {

std::optional<MetadataRow> quick_metadata_row(std::string_view text) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(text.data(), text.size(), true).get(object) != simdjson::SUCCESS) return std::nullopt;
  MetadataRow row;
  for (auto field : object) {
    // The fields the Poco reading takes (optValue), each only in the type it is written in; a
    // repeated field overwrites, as Poco's object does.
    const std::string_view key = field.key;
    std::string* target = key == "type"     ? &row.type
                          : key == "id"     ? &row.id
                          : key == "name"   ? &row.name
                          : key == "hash"   ? &row.hash
                          : key == "cursor" ? &row.cursor
                                            : nullptr;
    std::string_view value;
    if (target) {
      if (field.value.get(value) != simdjson::SUCCESS) return std::nullopt;
      target->assign(value);
    } else if (key == "snapshot") {
      std::int64_t snapshot = 0;
      if (field.value.get(snapshot) != simdjson::SUCCESS) return std::nullopt;
      row.snapshot = snapshot;
    } else if (key == "data") {
      if (field.value.is_null()) {
        row.data.reset();
      } else {
        if (field.value.get(value) != simdjson::SUCCESS) return std::nullopt;
        row.data.emplace(value);
      }
    }
  }
  return row;
}

}  // namespace hsd::engine::detail
