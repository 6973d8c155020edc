#include "diagnostic.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace hsd::engine::detail {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string diagnostic_line(const SourceLocation& where, std::string_view key_path,
                            std::string_view what, const std::vector<std::string>& allowed) {
  std::string line = where.to_string();
  line += ": ";
  line += key_path.empty() ? std::string_view("document") : key_path;
  line += ": ";
  line += what;
  if (!allowed.empty()) {
    line += "; allowed: ";
    line += join(allowed);
  }
  return line;
}

Error diagnostic(const SourceLocation& where, std::string_view key_path, std::string_view what,
                 const std::vector<std::string>& allowed, ErrorCode code) {
  Poco::JSON::Object details;
  details.set("file", where.file);
  details.set("line", where.line);
  details.set("column", where.column);
  details.set("path", std::string(key_path));
  std::ostringstream json;
  details.stringify(json);
  Error error = make_error(code, diagnostic_line(where, key_path, what, allowed));
  error.details_json = json.str();
  return error;
}

}  // namespace hsd::engine::detail
