#include "json_util.hpp"

#include <Poco/JSON/Parser.h>

#include <chrono>
#include <ctime>
#include <sstream>

namespace hsd::engine {

Result<JsonObject> parse_object(std::string_view text, std::string_view what) {
  try {
    auto value = Poco::JSON::Parser().parse(std::string(text));
    if (value.type() == typeid(JsonObject)) return value.extract<JsonObject>();
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::invalid_argument,
                      std::string(what) + " is not valid JSON: " + e.displayText());
  }
  return make_error(ErrorCode::invalid_argument, std::string(what) + " is not a JSON object");
}

std::string stringify(const JsonObject& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

std::string stringify(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

std::vector<std::string> string_list(const JsonObject& object, const std::string& key) {
  std::vector<std::string> out;
  if (!object) return out;
  auto array = object->getArray(key);
  if (!array) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto item = array->get(i);
    if (item.isString()) out.push_back(item.toString());
  }
  return out;
}

Error field_error(const std::string& field, const std::string& message) {
  Error error = make_error(ErrorCode::invalid_argument, field + ": " + message);
  error.details_json = "{\"field\":" + stringify(Poco::Dynamic::Var(field)) + "}";
  return error;
}

bool is_string_array(const Poco::Dynamic::Var& value) {
  if (value.type() != typeid(Poco::JSON::Array::Ptr)) return false;
  auto array = value.extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (!array->get(i).isString()) return false;
  }
  return true;
}

Poco::JSON::Array::Ptr to_array(const std::vector<std::string>& values) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& v : values) array->add(v);
  return array;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string iso8601(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Poco::Dynamic::Var time_or_null(const JsonObject& row, const std::string& key) {
  if (!row->has(key) || row->isNull(key)) return Poco::Dynamic::Var();
  return iso8601(row->getValue<std::int64_t>(key));
}

}  // namespace hsd::engine
