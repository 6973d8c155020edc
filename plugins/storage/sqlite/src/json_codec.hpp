// JSON out of the plugin: rows written as JSON text by hand (not through Poco objects) so json
// columns and metadata bytes pass through verbatim. Callers' JSON in (records, queries) is the
// storage plugins' shared record codec (plugins/storage/common), named here unqualified.
#pragma once

#include <hsd/json_text.hpp>

#include <string>

#include "record_codec.hpp"
#include "schema.hpp"
#include "value.hpp"
#include "statement.hpp"

namespace hsd::plugins::sqlite {

using storage::int_field;
using storage::parse_object;
using storage::string_field;
using storage::to_value;

// Appends s as a JSON string literal (quotes, escapes; UTF-8 bytes kept as they are).
using hsd::sdk::append_json_string;

// The current row of a statement that selected entity.select_list(), as a JSON object.
std::string row_json(const Statement& row, const Entity& entity);

}  // namespace hsd::plugins::sqlite
