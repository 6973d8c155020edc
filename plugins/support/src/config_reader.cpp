#include <hsd/plugins/support/config_reader.hpp>

#include <hsd/plugins/support/json_reader.hpp>

#include <Poco/JSON/Array.h>

namespace hsd::plugins::support {

using hsd::sdk::fail;
using hsd::sdk::Status;

hsd::sdk::Result<Poco::JSON::Object::Ptr> ConfigReader::parse_block(std::string_view json) const {
  bool blank = true;
  for (char c : json) blank = blank && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
  if (blank) return Poco::JSON::Object::Ptr();
  auto object = parse_json_object(json);
  if (!object) return fail(HSD_ERR_INVALID_ARGUMENT, "invalid plugin configuration: " + block_ + " must be a mapping");
  return object;
}

Status ConfigReader::read_keys(const Poco::JSON::Object::Ptr& block, const std::map<std::string, KeyReader>& readers,
                               const std::string& known_hint) const {
  for (const auto& key : block->getNames()) {
    auto it = readers.find(key);
    if (it == readers.end()) return bad(key, "is not a known key" + known_hint);
    if (auto status = it->second(block->get(key), key); !status) return status;
  }
  return {};
}

hsd::sdk::Failure ConfigReader::bad(const std::string& key, const std::string& why) const {
  return fail(HSD_ERR_INVALID_ARGUMENT, "invalid plugin configuration: " + block_ + "." + key + " " + why);
}

Status ConfigReader::read_string(const Var& value, const std::string& key, std::string& out) const {
  if (value.isEmpty()) return {};
  if (!value.isString()) return bad(key, "must be a string");
  out = value.extract<std::string>();
  return {};
}

Status ConfigReader::read_int(const Var& value, const std::string& key, int min, int max, int& out) const {
  if (value.isEmpty()) return {};
  if (!value.isInteger()) return bad(key, "must be an integer");
  long long number = 0;
  try {
    number = value.convert<long long>();
  } catch (const Poco::Exception&) {
    return bad(key, "must be an integer");
  }
  if (number < min || number > max) {
    return bad(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                        std::to_string(number));
  }
  out = static_cast<int>(number);
  return {};
}

Status ConfigReader::read_scopes(const Var& value, const std::string& key, std::vector<std::string>& out,
                                 const ScopeCheck& valid) const {
  if (value.isEmpty()) return {};
  std::vector<std::string> scopes;
  if (value.isString()) {
    std::string current;
    for (char c : value.extract<std::string>() + " ") {
      if (c == ' ' || c == ',' || c == '\t') {
        if (!current.empty()) scopes.push_back(current);
        current.clear();
      } else {
        current += c;
      }
    }
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; i < array->size(); ++i) {
      const auto item = array->get(static_cast<unsigned>(i));
      if (!item.isString()) return bad(key, "must be a list of scope names (strings)");
      auto scope = item.extract<std::string>();
      if (!valid(scope)) return bad(key, "holds an invalid scope name '" + scope + "'");
      scopes.push_back(std::move(scope));
    }
  } else {
    return bad(key, "must be a list of scope names");
  }
  out = std::move(scopes);
  return {};
}

}  // namespace hsd::plugins::support
