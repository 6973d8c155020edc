#include "link_header.hpp"

#include <cctype>

namespace hsd::plugins::github {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// True when a rel value (quotes stripped) lists "next" among its space-separated types.
bool rel_has_next(std::string_view value) {
  value = trim(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  const std::string types = lower(value);
  size_t start = 0;
  while (start <= types.size()) {
    const size_t end = types.find(' ', start);
    const std::string type = types.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (type == "next") return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::optional<std::string> next_link(std::string_view header) {
  size_t pos = 0;
  while (pos < header.size()) {
    const size_t open = header.find('<', pos);
    if (open == std::string_view::npos) return std::nullopt;
    const size_t close = header.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view url = header.substr(open + 1, close - open - 1);
    // The parameters run to the next entry; URLs cannot hold a raw '<', so it marks the next one.
    size_t end = header.find('<', close);
    if (end == std::string_view::npos) end = header.size();
    std::string_view params = header.substr(close + 1, end - close - 1);
    while (!params.empty()) {
      const size_t semicolon = params.find(';');
      if (semicolon == std::string_view::npos) break;
      params.remove_prefix(semicolon + 1);
      const size_t next = params.find(';');
      std::string_view param = trim(params.substr(0, next));
      if (!param.empty() && param.back() == ',') param = trim(param.substr(0, param.size() - 1));
      const size_t eq = param.find('=');
      if (eq != std::string_view::npos && lower(trim(param.substr(0, eq))) == "rel" && rel_has_next(param.substr(eq + 1))) {
        return std::string(trim(url));
      }
    }
    pos = end;
  }
  return std::nullopt;
}

std::string url_authority(std::string_view url) {
  size_t start = 0;
  if (url.rfind("https://", 0) == 0) {
    start = 8;
  } else if (url.rfind("http://", 0) == 0) {
    start = 7;
  } else {
    return "";
  }
  const size_t end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  // Credentials in a URL (user@host) are never part of the host.
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  return std::string(authority);
}

std::string url_origin(std::string_view url) {
  const std::string authority = url_authority(url);
  if (authority.empty()) return "";
  const std::string scheme = url.rfind("https://", 0) == 0 ? "https://" : "http://";
  std::string host = lower(authority);
  // The default port is the same origin as no port.
  if (scheme == "https://" && host.size() > 4 && host.compare(host.size() - 4, 4, ":443") == 0) host.resize(host.size() - 4);
  if (scheme == "http://" && host.size() > 3 && host.compare(host.size() - 3, 3, ":80") == 0) host.resize(host.size() - 3);
  return scheme + host;
}

}  // namespace hsd::plugins::github
