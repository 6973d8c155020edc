// JSON in and out of the plugin: parsing callers' records and queries with Poco JSON, turning
// record values into validated SQL values, and writing rows as JSON text. Rows are written by
// hand (not through Poco objects) so json columns and metadata bytes pass through verbatim.
#pragma once

#include <hsd/json_text.hpp>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

#include "schema.hpp"
#include "session.hpp"
#include "value.hpp"

namespace hsd::plugins::postgres {

// Parses a JSON object; empty text is an empty object. Else StorageError(INVALID_ARGUMENT)
// naming what (e.g. "record of connections").
Poco::JSON::Object::Ptr parse_object(std::string_view json, const std::string& what);

// Checks a record value against its column (type, nullability) and converts it.
Value to_value(const Entity& entity, const Column& column, const Poco::Dynamic::Var& value);

// Appends s as a JSON string literal (quotes, escapes; UTF-8 bytes kept as they are).
using hsd::sdk::append_json_string;

// Row `row` of a query that selected entity.select_list(), as a JSON object.
std::string row_json(const Rows& rows, int row, const Entity& entity);

// Optional typed fields of a query object; StorageError(INVALID_ARGUMENT) on a wrong type.
std::int64_t int_field(const Poco::JSON::Object& object, const std::string& key,
                       std::int64_t fallback, const std::string& what);
std::string string_field(const Poco::JSON::Object& object, const std::string& key,
                         const std::string& what);

}  // namespace hsd::plugins::postgres
