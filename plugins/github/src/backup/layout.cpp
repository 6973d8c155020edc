#include "layout.hpp"

#include "errors.hpp"
#include "safe_name.hpp"

namespace hsd::plugins::github::backup {
namespace {

constexpr std::size_t kMaxPrefixBytes = 200;

sdk::Failure bad_prefix(std::string_view prefix, std::string_view why) {
  return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidPathPrefix,
                      "the path prefix '" + std::string(prefix) + "' is not allowed: " + std::string(why));
}

}  // namespace

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

std::string join_path(std::string_view folder, std::string_view name) {
  std::string out;
  out.reserve(folder.size() + 1 + name.size());
  out += folder;
  if (!folder.empty()) out += '/';
  out += name;
  return out;
}

sdk::Result<std::string> normalize_prefix(std::string_view prefix) {
  if (prefix.size() > kMaxPrefixBytes) return bad_prefix(prefix.substr(0, 40), "longer than 200 bytes");
  for (unsigned char c : prefix) {
    if (c < 0x20 || c == 0x7F) return bad_prefix(prefix, "it contains a control character");
    if (c == '\\') return bad_prefix(prefix, "use '/' to separate folders");
  }
  std::string out;
  for (const std::string& part : split_path(prefix)) {
    if (part == "." || part == "..") return bad_prefix(prefix, "'.' and '..' are not folder names");
    if (ascii_lower(part) == ".git") return bad_prefix(prefix, "'.git' is reserved by git");
    if (part.back() == ' ' || part.back() == '.' || part.front() == ' ') {
      return bad_prefix(prefix, "a folder name may not start with a space or end with a space or '.'");
    }
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string account_folder(std::string_view normalized_prefix, const Source& source) {
  return join_path(join_path(normalized_prefix, safe_name(source.plugin)), safe_name(source.account_id));
}

}  // namespace hsd::plugins::github::backup
