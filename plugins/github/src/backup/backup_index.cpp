#include "backup_index.hpp"

#include "errors.hpp"
#include "utf8.hpp"

#include <hsd/json_text.hpp>

#include <algorithm>
#include <cstdint>
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



// Reads the index text in one pass, straight into IndexEntry: no tree, no copy of the text, no
// parser buffers sized by the document (simdjson's on-demand parser allocated about six times
// the index's size, a peak of its own while the other side's objects are held). A string
// without escapes is a view into the text; one with escapes is decoded into a scratch buffer
// reused from entry to entry, so an entry of a type nobody asked for allocates nothing.
class IndexReader {
 public:
  IndexReader(std::string_view in, const std::string& file, const TypeFilter& wants)
      : in_(in), file_(file), wants_(wants) {}

  sdk::Result<BackupIndex> document() {
    skip_ws();
    if (!peek('{')) {
      if (pos_ < in_.size() && skip_value(0) && (skip_ws(), pos_ == in_.size())) return invalid(file_, "it is not a JSON object");
      return not_json();
    }
    ++pos_;
    BackupIndex index;
    std::optional<std::string> format;
    std::optional<std::string> plugin;
    std::optional<std::string> account;
    bool has_layout = false;
    bool has_objects = false;
    std::string key_scratch;
    std::string value_scratch;
    if (!members([&](std::string_view key) -> std::optional<sdk::Failure> {
          if (key == "format" || key == "plugin" || key == "account_id") {
            if (!peek('"')) return skip_value(0) ? std::nullopt : std::optional(syntax());  // reported below
            std::string_view value;
            if (!string(value_scratch, value)) return syntax();
            (key == "format" ? format : key == "plugin" ? plugin : account) = std::string(value);
            return std::nullopt;
          }
          if (key == "layout") {
            auto layout = integer();
            if (!layout) return invalid(file_, "\"layout\" is not an integer");
            index.layout = *layout;
            has_layout = true;
            return std::nullopt;
          }
          if (key == "objects") {
            if (!peek('[')) return invalid(file_, "\"objects\" is missing or not an array");
            has_objects = true;
            return entries(index.objects);
          }
          return skip_value(0) ? std::nullopt : std::optional(syntax());
        }, key_scratch)) {
      return *failure_;
    }
    skip_ws();
    if (pos_ != in_.size()) return invalid(file_, "it is not valid JSON (content after the object at byte " + std::to_string(pos_) + ")");
    if (format != kIndexFormat) return invalid(file_, "\"format\" is not \"" + std::string(kIndexFormat) + "\"");
    if (!has_layout) return invalid(file_, "\"layout\" is not an integer");
    if (!plugin) return invalid(file_, "\"plugin\" is missing or not a string");
    if (!account) return invalid(file_, "\"account_id\" is missing or not a string");
    if (!has_objects) return invalid(file_, "\"objects\" is missing or not an array");
    index.plugin = std::move(*plugin);
    index.account_id = std::move(*account);
    return index;
  }

 private:
  static constexpr int kMaxDepth = 512;
  static constexpr std::string_view kFields[5] = {"type", "id", "name", "path", "hash"};

  std::string_view in_;
  const std::string& file_;
  const TypeFilter& wants_;
  std::size_t pos_ = 0;
  std::optional<sdk::Failure> failure_;

  sdk::Failure syntax() const {
    return invalid(file_, "it is not valid JSON (at byte " + std::to_string(pos_) + ")");
  }
  sdk::Failure not_json() const { return syntax(); }

  void skip_ws() {
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }
  bool peek(char c) {
    skip_ws();
    return pos_ < in_.size() && in_[pos_] == c;
  }
  bool take(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // The members of the object whose '{' was just read: for each, the key is read and
  // on_member reads its value (or fails). False with failure_ set on any failure.
  template <class OnMember>
  bool members(OnMember&& on_member, std::string& key_scratch) {
    if (take('}')) return true;
    while (true) {
      std::string_view key;
      if (!peek('"') || !string(key_scratch, key) || !take(':')) return fail(syntax());
      skip_ws();
      if (auto failure = on_member(key)) return fail(std::move(*failure));
      if (take(',')) continue;
      if (take('}')) return true;
      return fail(syntax());
    }
  }
  bool fail(sdk::Failure failure) {
    failure_ = std::move(failure);
    return false;
  }

  std::optional<sdk::Failure> entries(std::vector<IndexEntry>& out) {
    ++pos_;  // '['
    if (take(']')) return std::nullopt;
    std::string scratch[5];
    std::string key_scratch;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0;; ++i) {
      const std::string where = "objects[" + std::to_string(i) + "]";
      if (!peek('{')) {
        if (!skip_value(0)) return syntax();
        return invalid(file_, where + " is not an object");
      }
      ++pos_;
      std::optional<std::string_view> parts[5];  // type, id, name, path, hash
      if (!members([&](std::string_view key) -> std::optional<sdk::Failure> {
            const auto* slot = std::find(std::begin(kFields), std::end(kFields), key);
            if (slot == std::end(kFields)) return skip_value(0) ? std::nullopt : std::optional(syntax());
            const auto k = static_cast<std::size_t>(slot - std::begin(kFields));
            if (!peek('"')) {
              if (!skip_value(0)) return syntax();
              return invalid(file_, where + "." + std::string(key) + (k == 4 ? " is not a string" : " is missing or not a string"));
            }
            std::string_view value;
            if (!string(scratch[k], value)) return syntax();
            parts[k] = value;
            return std::nullopt;
          }, key_scratch)) {
        return std::move(*failure_);
      }
      for (std::size_t k = 0; k < 4; ++k) {
        if (!parts[k]) return invalid(file_, where + "." + std::string(kFields[k]) + " is missing or not a string");
      }
      if (parts[0]->empty()) return invalid(file_, where + ".type is empty");
      if (!inside_folder(*parts[3])) {
        return invalid(file_, where + ".path '" + std::string(*parts[3]) + "' is not a file inside the backup's folder");
      }
      if (!wants_ || wants_(*parts[0])) {
        if (!seen.emplace(std::string(*parts[0]), std::string(*parts[1])).second) {
          return invalid(file_, where + " repeats " + std::string(*parts[0]) + " '" + std::string(*parts[1]) + "'");
        }
        out.push_back({std::string(*parts[0]), std::string(*parts[1]), std::string(*parts[2]), std::string(*parts[3]),
                       parts[4] ? std::string(*parts[4]) : std::string()});
      }
      if (take(',')) continue;
      if (take(']')) return std::nullopt;
      return syntax();
    }
  }

  // A non-negative integer that fits an int (no fraction, no exponent); nullopt otherwise,
  // also when the value is not a number at all (then it is skipped when valid).
  std::optional<int> integer() {
    const std::size_t start = pos_;
    long long value = 0;
    bool digits = false;
    while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') {
      if (value < 1'000'000'000) value = value * 10 + (in_[pos_] - '0');
      digits = true;
      ++pos_;
    }
    const bool plain = digits && (pos_ - start == 1 || in_[start] != '0') && value <= 1'000'000 &&
                       (pos_ >= in_.size() || (in_[pos_] != '.' && in_[pos_] != 'e' && in_[pos_] != 'E'));
    if (plain) return static_cast<int>(value);
    pos_ = start;
    return std::nullopt;
  }

  bool number() {
    auto digit = [this] { return pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9'; };
    if (pos_ < in_.size() && in_[pos_] == '-') ++pos_;
    if (!digit()) return false;
    if (in_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit()) ++pos_;
    }
    if (pos_ < in_.size() && in_[pos_] == '.') {
      ++pos_;
      if (!digit()) return false;
      while (digit()) ++pos_;
    }
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
      if (!digit()) return false;
      while (digit()) ++pos_;
    }
    return true;
  }

  bool skip_value(int depth) {
    skip_ws();
    if (depth > kMaxDepth || pos_ >= in_.size()) return false;
    switch (in_[pos_]) {
      case '"': {
        std::string scratch;
        std::string_view ignored;
        return string(scratch, ignored);
      }
      case '{': {
        ++pos_;
        if (take('}')) return true;
        std::string scratch;
        while (true) {
          std::string_view key;
          if (!peek('"') || !string(scratch, key) || !take(':') || !skip_value(depth + 1)) return false;
          if (take(',')) continue;
          return take('}');
        }
      }
      case '[': {
        ++pos_;
        if (take(']')) return true;
        while (true) {
          if (!skip_value(depth + 1)) return false;
          if (take(',')) continue;
          return take(']');
        }
      }
      case 't': return word("true");
      case 'f': return word("false");
      case 'n': return word("null");
      default: return number();
    }
  }
  bool word(std::string_view w) {
    if (in_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }

  bool hex4(std::uint32_t& unit) {
    if (pos_ + 4 > in_.size()) return false;
    unit = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = in_[pos_++];
      unit <<= 4;
      if (c >= '0' && c <= '9') {
        unit |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        unit |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        unit |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  // The string literal at pos_ (its opening quote): out views the text when it has no escape,
  // else scratch holding the decoded bytes (a lone surrogate as its 3-byte form).
  bool string(std::string& scratch, std::string_view& out) {
    ++pos_;  // the opening quote
    const std::size_t start = pos_;
    while (pos_ < in_.size()) {
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c == '"' || c == '\\' || c < 0x20) break;
      ++pos_;
    }
    if (pos_ >= in_.size() || static_cast<unsigned char>(in_[pos_]) < 0x20) return false;
    if (in_[pos_] == '"') {
      out = in_.substr(start, pos_ - start);
      ++pos_;
      return true;
    }
    scratch.assign(in_.substr(start, pos_ - start));
    while (true) {
      if (pos_ >= in_.size()) return false;
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c < 0x20) return false;
      ++pos_;
      if (c == '"') {
        out = scratch;
        return true;
      }
      if (c != '\\') {
        scratch += static_cast<char>(c);
        continue;
      }
      if (pos_ >= in_.size()) return false;
      const char e = in_[pos_++];
      switch (e) {
        case '"': scratch += '"'; break;
        case '\\': scratch += '\\'; break;
        case '/': scratch += '/'; break;
        case 'b': scratch += '\b'; break;
        case 'f': scratch += '\f'; break;
        case 'n': scratch += '\n'; break;
        case 'r': scratch += '\r'; break;
        case 't': scratch += '\t'; break;
        case 'u': {
          std::uint32_t unit = 0;
          if (!hex4(unit)) return false;
          std::uint32_t cp = unit;
          if (unit >= 0xD800 && unit <= 0xDBFF && in_.substr(pos_, 2) == "\\u") {
            const std::size_t save = pos_;
            pos_ += 2;
            std::uint32_t low = 0;
            if (!hex4(low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;  // a lone high surrogate, then another escape
            }
          }
          append_utf8(scratch, cp);
          break;
        }
        default: return false;
      }
    }
  }
};

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
  IndexReader reader(text, file, wants);
  return reader.document();
}

}  // namespace hsd::plugins::github::backup
