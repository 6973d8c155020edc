#include "backup_index.hpp"

#include "errors.hpp"

#include <hsd/json_text.hpp>

#include <simdjson.h>

#include <algorithm>
#include <iterator>
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

// Relative, no "." or ".." or empty components: the index never points outside its folder.
bool inside_folder(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/' || path.find('\\') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string_view part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) return true;
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

sdk::Result<BackupIndex> parse_index(std::string_view text, const std::string& file, const TypeFilter& wants) {
  namespace od = simdjson::ondemand;
  // On demand, no tree: each entry's strings are read in place and copied out only for the
  // types asked for, so a large index costs its text, simdjson's buffers and the kept entries.
  const simdjson::padded_string padded(text);
  od::parser parser;
  od::document doc;
  auto not_json = [&](simdjson::error_code error) {
    return invalid(file, std::string("it is not valid JSON (") + simdjson::error_message(error) + ")");
  };
  if (auto error = parser.iterate(padded).get(doc)) return not_json(error);
  od::object root;
  if (auto error = doc.get_object().get(root)) {
    return error == simdjson::INCORRECT_TYPE ? invalid(file, "it is not a JSON object") : not_json(error);
  }
  BackupIndex index;
  std::optional<std::string_view> format;
  std::optional<std::string> plugin;
  std::optional<std::string> account;
  bool has_layout = false;
  bool has_objects = false;
  std::set<std::pair<std::string, std::string>> seen;
  for (auto field : root) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return not_json(error);
    od::value value;
    if (auto error = field.value().get(value)) return not_json(error);
    od::json_type type;
    if (auto error = value.type().get(type)) return not_json(error);
    if (key == "format" || key == "plugin" || key == "account_id") {
      std::string_view s;
      if (type != od::json_type::string || value.get_string().get(s)) continue;  // reported below as missing
      if (key == "format") format = s;
      if (key == "plugin") plugin = std::string(s);
      if (key == "account_id") account = std::string(s);
    } else if (key == "layout") {
      std::int64_t layout = 0;
      if (type != od::json_type::number || value.get_int64().get(layout) || layout < 0 || layout > 1'000'000) {
        return invalid(file, "\"layout\" is not an integer");
      }
      index.layout = static_cast<int>(layout);
      has_layout = true;
    } else if (key == "objects") {
      od::array objects;
      if (type != od::json_type::array || value.get_array().get(objects)) {
        return invalid(file, "\"objects\" is missing or not an array");
      }
      has_objects = true;
      std::size_t i = 0;
      for (auto item : objects) {
        const std::string where = "objects[" + std::to_string(i++) + "]";
        od::object o;
        if (auto error = item.get_object().get(o)) {
          return error == simdjson::INCORRECT_TYPE ? invalid(file, where + " is not an object") : not_json(error);
        }
        // Views into the parser's string buffer, valid until the next document.
        std::optional<std::string_view> parts[5];  // type, id, name, path, hash
        static constexpr std::string_view kNames[5] = {"type", "id", "name", "path", "hash"};
        for (auto member : o) {
          std::string_view name;
          if (auto error = member.unescaped_key().get(name)) return not_json(error);
          const auto* slot = std::find(std::begin(kNames), std::end(kNames), name);
          if (slot == std::end(kNames)) continue;  // an unknown member is skipped
          std::string_view s;
          const simdjson::error_code error = member.value().get_string().get(s);
          if (error == simdjson::INCORRECT_TYPE) {
            return invalid(file, where + "." + std::string(name) + (name == "hash" ? " is not a string" : " is missing or not a string"));
          }
          if (error) return not_json(error);
          parts[slot - std::begin(kNames)] = s;
        }
        for (std::size_t k = 0; k < 4; ++k) {
          if (!parts[k]) return invalid(file, where + "." + std::string(kNames[k]) + " is missing or not a string");
        }
        if (parts[0]->empty()) return invalid(file, where + ".type is empty");
        if (!inside_folder(*parts[3])) {
          return invalid(file, where + ".path '" + std::string(*parts[3]) + "' is not a file inside the backup's folder");
        }
        if (wants && !wants(*parts[0])) continue;
        if (!seen.emplace(std::string(*parts[0]), std::string(*parts[1])).second) {
          return invalid(file, where + " repeats " + std::string(*parts[0]) + " '" + std::string(*parts[1]) + "'");
        }
        index.objects.push_back({std::string(*parts[0]), std::string(*parts[1]), std::string(*parts[2]),
                                 std::string(*parts[3]), parts[4] ? std::string(*parts[4]) : std::string()});
      }
    }
    // Other members are skipped.
  }
  // Past the root object, only the end may follow (simdjson 3.0's documents lack at_end()).
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return invalid(file, "it is not valid JSON (content after the object)");
  }
  if (format != kIndexFormat) return invalid(file, "\"format\" is not \"" + std::string(kIndexFormat) + "\"");
  if (!has_layout) return invalid(file, "\"layout\" is not an integer");
  if (!plugin) return invalid(file, "\"plugin\" is missing or not a string");
  if (!account) return invalid(file, "\"account_id\" is missing or not a string");
  if (!has_objects) return invalid(file, "\"objects\" is missing or not an array");
  index.plugin = std::move(*plugin);
  index.account_id = std::move(*account);
  return index;
}

}  // namespace hsd::plugins::github::backup
