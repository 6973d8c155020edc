/**
 * @file hsd/json_text.hpp
 * Writing JSON string literals, for code that builds JSON text by hand (plugins, the engine's
 * log lines, storage rows). Header-only, C++17, no dependencies; not part of the ABI.
 */
#ifndef HSD_JSON_TEXT_HPP
#define HSD_JSON_TEXT_HPP

#include <string>
#include <string_view>

namespace hsd::sdk {

/** Appends text to out as a JSON string literal (with quotes), escaping as RFC 8259 requires. */
inline void append_json_string(std::string& out, std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

inline std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace hsd::sdk

#endif  // HSD_JSON_TEXT_HPP
