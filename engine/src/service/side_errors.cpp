#include "side_errors.hpp"

namespace hsd::engine::service {

Error side_field_error(const Error& error, const std::vector<std::string>& fields) {
  if (error.code != ErrorCode::invalid_argument && error.code != ErrorCode::not_found) return error;
  for (const auto& field : fields) {
    if (error.message.rfind(field, 0) != 0) continue;
    const auto colon = error.message.find(": ", field.size());
    if (colon == std::string::npos) continue;
    // "left: ...", "left.snapshot: ..." or "types[1]: ...", but not "leftover: ...".
    const std::string named = error.message.substr(0, colon);
    if (named != field && named[field.size()] != '.' && named[field.size()] != '[') continue;
    if (named.find(' ') != std::string::npos) continue;
    return field_error(named, error.message.substr(colon + 2));
  }
  return error;
}

}  // namespace hsd::engine::service
