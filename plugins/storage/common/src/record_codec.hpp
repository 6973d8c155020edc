// Callers' JSON into a storage plugin: records and queries parsed with Poco JSON, record values
// checked against their column and turned into SQL values. (Each plugin writes its rows back as
// JSON itself, from its own result type: json_codec.hpp.)
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "storage_schema.hpp"
#include "storage_value.hpp"

namespace hsd::plugins::storage {

// Parses a JSON object; empty text is an empty object. Else StorageError(INVALID_ARGUMENT)
// naming what (e.g. "record of connections").
Poco::JSON::Object::Ptr parse_object(std::string_view json, const std::string& what);

// Checks a record value against its column (type, nullability) and converts it.
Value to_value(const Entity& entity, const Column& column, const Poco::Dynamic::Var& value);

// Optional typed fields of a query object; StorageError(INVALID_ARGUMENT) on a wrong type.
std::int64_t int_field(const Poco::JSON::Object& object, const std::string& key,
                       std::int64_t fallback, const std::string& what);
std::string string_field(const Poco::JSON::Object& object, const std::string& key,
                         const std::string& what);

}  // namespace hsd::plugins::storage
