#include "backup_index.hpp"

#include "errors.hpp"

#include <hsd/json_text.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/Exception.h>

#include <optional>
#include <set>
#include <utility>

namespace hsd::plugins::github::backup {
namespace {

using sdk::json_string;

sdk::Failure invalid(const std::string& file, const std::string& what) {
  return make_failure(HSD_ERR_INVALID_ARGUMENT, kBackupIndexInvalid,
                      "the backup index '" + file + "' is not usable: " + what);
}

// A string member, or nullopt when missing or not a string.
std::optional<std::string> string_of(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key)) return std::nullopt;
  const Poco::Dynamic::Var value = object->get(key);
  if (!value.isString()) return std::nullopt;
  return value.extract<std::string>();
}

// Relative, no "." or ".." or empty components: the index never points outside its folder.
bool inside_folder(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.back() == '/' || path.find('\\') != std::string::npos) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

}  // namespace

std::string render_index(const BackupIndex& index) {
  std::string out = "{\n  \"format\": " + json_string(kIndexFormat) + ",\n  \"layout\": " + std::to_string(index.layout) +
                    ",\n  \"plugin\": " + json_string(index.plugin) + ",\n  \"account_id\": " +
                    json_string(index.account_id) + ",\n  \"objects\": [";
  for (std::size_t i = 0; i < index.objects.size(); ++i) {
    const IndexEntry& e = index.objects[i];
    out += i == 0 ? "\n    " : ",\n    ";
    out += "{\"type\": " + json_string(e.type) + ", \"id\": " + json_string(e.id) + ", \"name\": " + json_string(e.name) +
           ", \"path\": " + json_string(e.path) + ", \"hash\": " + json_string(e.hash) + "}";
  }
  out += index.objects.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

sdk::Result<BackupIndex> parse_index(std::string_view text, const std::string& file) {
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(std::string(text));
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return invalid(file, "it is not a JSON object");
    root = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return invalid(file, "it is not valid JSON (" + e.message() + ")");
  }
  if (string_of(root, "format") != std::string(kIndexFormat)) {
    return invalid(file, "\"format\" is not \"" + std::string(kIndexFormat) + "\"");
  }
  BackupIndex index;
  if (!root->has("layout") || !root->get("layout").isInteger()) return invalid(file, "\"layout\" is not an integer");
  index.layout = root->get("layout").convert<int>();
  auto plugin = string_of(root, "plugin");
  auto account = string_of(root, "account_id");
  if (!plugin) return invalid(file, "\"plugin\" is missing or not a string");
  if (!account) return invalid(file, "\"account_id\" is missing or not a string");
  index.plugin = std::move(*plugin);
  index.account_id = std::move(*account);
  const Poco::JSON::Array::Ptr objects = root->getArray("objects");
  if (!objects) return invalid(file, "\"objects\" is missing or not an array");
  std::set<std::pair<std::string, std::string>> seen;
  index.objects.reserve(objects->size());
  for (std::size_t i = 0; i < objects->size(); ++i) {
    const std::string where = "objects[" + std::to_string(i) + "]";
    const Poco::JSON::Object::Ptr o = objects->getObject(static_cast<unsigned>(i));
    if (!o) return invalid(file, where + " is not an object");
    IndexEntry e;
    for (auto [key, field] : {std::pair{"type", &e.type}, {"id", &e.id}, {"name", &e.name}, {"path", &e.path}}) {
      auto value = string_of(o, key);
      if (!value) return invalid(file, where + "." + key + " is missing or not a string");
      *field = std::move(*value);
    }
    if (o->has("hash")) {
      auto hash = string_of(o, "hash");
      if (!hash) return invalid(file, where + ".hash is not a string");
      e.hash = std::move(*hash);
    }
    if (e.type.empty()) return invalid(file, where + ".type is empty");
    if (!inside_folder(e.path)) return invalid(file, where + ".path '" + e.path + "' is not a file inside the backup's folder");
    if (!seen.emplace(e.type, e.id).second) {
      return invalid(file, where + " repeats " + e.type + " '" + e.id + "'");
    }
    index.objects.push_back(std::move(e));
  }
  return index;
}

}  // namespace hsd::plugins::github::backup
