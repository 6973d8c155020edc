#include "json_pretty.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hsd::plugins::github::backup {
namespace {

constexpr int kMaxDepth = 512;
constexpr char kHex[] = "0123456789abcdef";


void append_u_escape(std::string& out, uint32_t unit) {
  out += "\\u";
  out += kHex[(unit >> 12) & 0xF];
  out += kHex[(unit >> 8) & 0xF];
  out += kHex[(unit >> 4) & 0xF];
  out += kHex[unit & 0xF];
}

// Appends one decoded character the way the output spells it inside a string literal.
void append_escaped_char(std::string& out, uint32_t cp) {
  switch (cp) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    default: break;
  }
  if (cp < 0x20) {
    append_u_escape(out, cp);
  } else {
    append_utf8(out, cp);
  }
}

class Printer {
 public:
  explicit Printer(std::string_view in) : in_(in) {}

  bool document(std::string& out) {
    skip_ws();
    if (!value(out, 0)) return false;
    skip_ws();
    return pos_ == in_.size();
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;

  void skip_ws() {
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  static void newline(std::string& out, int depth) {
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
  }

  bool value(std::string& out, int depth) {
    if (depth > kMaxDepth || pos_ >= in_.size()) return false;
    switch (in_[pos_]) {
      case '{': return object(out, depth);
      case '[': return array(out, depth);
      case '"': return string(out, nullptr);
      case 't': return literal(out, "true");
      case 'f': return literal(out, "false");
      case 'n': return literal(out, "null");
      default: return number(out);
    }
  }

  bool literal(std::string& out, std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) return false;
    out += word;
    pos_ += word.size();
    return true;
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  bool number(std::string& out) {
    const std::size_t start = pos_;
    if (pos_ < in_.size() && in_[pos_] == '-') ++pos_;
    if (pos_ >= in_.size()) return false;
    if (in_[pos_] == '0') {
      ++pos_;
    } else if (digit(in_[pos_])) {
      while (pos_ < in_.size() && digit(in_[pos_])) ++pos_;
    } else {
      return false;
    }
    if (pos_ < in_.size() && in_[pos_] == '.') {
      ++pos_;
      if (pos_ >= in_.size() || !digit(in_[pos_])) return false;
      while (pos_ < in_.size() && digit(in_[pos_])) ++pos_;
    }
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
      if (pos_ >= in_.size() || !digit(in_[pos_])) return false;
      while (pos_ < in_.size() && digit(in_[pos_])) ++pos_;
    }
    out.append(in_.substr(start, pos_ - start));
    return true;
  }

  bool hex4(uint32_t& unit) {
    if (pos_ + 4 > in_.size()) return false;
    unit = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = in_[pos_++];
      unit <<= 4;
      if (c >= '0' && c <= '9') {
        unit |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        unit |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        unit |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  // Reads a string literal at pos_. Appends its output spelling to out and, when decoded is
  // given, its decoded bytes (lone surrogates as their 3-byte form) for sorting.
  bool string(std::string& out, std::string* decoded) {
    ++pos_;  // the opening quote
    out += '"';
    while (true) {
      // Copy the run of plain bytes at once.
      const std::size_t start = pos_;
      while (pos_ < in_.size()) {
        const auto c = static_cast<unsigned char>(in_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++pos_;
      }
      if (pos_ > start) {
        out.append(in_.substr(start, pos_ - start));
        if (decoded) decoded->append(in_.substr(start, pos_ - start));
      }
      if (pos_ >= in_.size()) return false;
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c < 0x20) return false;  // a raw control character is not valid JSON
      ++pos_;
      if (c == '"') {
        out += '"';
        return true;
      }
      // A backslash escape.
      if (pos_ >= in_.size()) return false;
      const char e = in_[pos_++];
      uint32_t cp = 0;
      switch (e) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u': {
          uint32_t unit = 0;
          if (!hex4(unit)) return false;
          if (unit >= 0xD800 && unit <= 0xDBFF && in_.substr(pos_, 2) == "\\u") {
            const std::size_t save = pos_;
            pos_ += 2;
            uint32_t low = 0;
            if (!hex4(low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              break;
            }
            pos_ = save;  // not a pair: the high surrogate stands alone
          }
          if (unit >= 0xD800 && unit <= 0xDFFF) {
            // A lone surrogate has no UTF-8 form: keep it escaped.
            append_u_escape(out, unit);
            if (decoded) append_utf8(*decoded, unit);
            continue;
          }
          cp = unit;
          break;
        }
        default: return false;
      }
      append_escaped_char(out, cp);
      if (decoded) append_utf8(*decoded, cp);
    }
  }

  bool array(std::string& out, int depth) {
    ++pos_;
    skip_ws();
    if (pos_ < in_.size() && in_[pos_] == ']') {
      ++pos_;
      out += "[]";
      return true;
    }
    out += '[';
    while (true) {
      newline(out, depth + 1);
      if (!value(out, depth + 1)) return false;
      skip_ws();
      if (pos_ >= in_.size()) return false;
      if (in_[pos_] == ',') {
        ++pos_;
        out += ',';
        skip_ws();
        continue;
      }
      if (in_[pos_] != ']') return false;
      ++pos_;
      newline(out, depth);
      out += ']';
      return true;
    }
  }

  struct Member {
    std::string key;     // decoded, for sorting
    std::size_t begin;   // the member's output ("key": value) in the object's buffer
    std::size_t end;
  };

  bool object(std::string& out, int depth) {
    ++pos_;
    skip_ws();
    if (pos_ < in_.size() && in_[pos_] == '}') {
      ++pos_;
      out += "{}";
      return true;
    }
    std::string buffer;
    std::vector<Member> members;
    while (true) {
      if (pos_ >= in_.size() || in_[pos_] != '"') return false;
      Member m;
      m.begin = buffer.size();
      if (!string(buffer, &m.key)) return false;
      skip_ws();
      if (pos_ >= in_.size() || in_[pos_] != ':') return false;
      ++pos_;
      skip_ws();
      buffer += ": ";
      if (!value(buffer, depth + 1)) return false;
      m.end = buffer.size();
      members.push_back(std::move(m));
      skip_ws();
      if (pos_ >= in_.size()) return false;
      if (in_[pos_] == ',') {
        ++pos_;
        skip_ws();
        continue;
      }
      if (in_[pos_] != '}') return false;
      ++pos_;
      break;
    }
    // Byte order of the decoded keys; duplicates keep their order.
    std::stable_sort(members.begin(), members.end(),
                     [](const Member& a, const Member& b) { return a.key < b.key; });
    out += '{';
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out += ',';
      newline(out, depth + 1);
      out.append(buffer, members[i].begin, members[i].end - members[i].begin);
    }
    newline(out, depth);
    out += '}';
    return true;
  }
};

}  // namespace

bool pretty_json(std::string_view json, std::string& out) { return Printer(json).document(out); }

std::string render_object_file(std::string_view data_json, bool* was_valid) {
  std::string out;
  out.reserve(data_json.size() + data_json.size() / 2 + 16);
  const bool ok = pretty_json(data_json, out);
  if (was_valid) *was_valid = ok;
  if (!ok) out.assign(data_json);
  out += '\n';
  return out;
}

}  // namespace hsd::plugins::github::backup
