// Value is one bound SQL parameter after validation against its column: integer, text (json
// columns travel as their JSON text) or NULL.
#pragma once

#include <cstdint>
#include <string>

namespace hsd::plugins::storage {

struct Value {
  enum class Kind { null, integer, text };
  Kind kind = Kind::null;
  std::int64_t integer = 0;
  std::string text;

  static Value null() { return {}; }
  static Value of(std::int64_t v) { return {Kind::integer, v, {}}; }
  static Value of_text(std::string v) { return {Kind::text, 0, std::move(v)}; }
};

}  // namespace hsd::plugins::storage
