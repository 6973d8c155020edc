#include "static_files.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>
#include <vector>

#include "hsd/engine/log.hpp"

namespace hsd::engine::service {
namespace {

namespace fs = std::filesystem;

const char* kLogger = "service.web";

// Vite puts every hashed file under assets/; their names change with their content.
constexpr const char* kImmutable = "public, max-age=31536000, immutable";
// index.html names the current build's assets: always revalidated.
constexpr const char* kRevalidate = "no-cache";
// Everything else (favicon, manifest) keeps its name across builds: a short while only.
constexpr const char* kShortLived = "public, max-age=300";

const std::map<std::string, std::string>& content_types() {
  static const std::map<std::string, std::string> types = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"wasm", "application/wasm"},
      {"txt", "text/plain; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
  };
  return types;
}

std::string extension_of(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? std::string() : name.substr(dot + 1);
}

ApiResponse text_answer(int status, const std::string& text) {
  ApiResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = text + "\n";
  return response;
}

ApiResponse not_found(const std::string& path) { return text_answer(404, "not found: " + path); }

// Whether inside lies within root (both canonical).
bool within(const fs::path& root, const fs::path& inside) {
  auto r = root.begin();
  auto i = inside.begin();
  for (; r != root.end(); ++r, ++i) {
    if (i == inside.end() || *r != *i) return false;
  }
  return true;
}

// The decoded path's segments, or none when it could leave the folder: "..", a segment
// starting with "." (hidden files, ".."), a backslash or a NUL.
std::optional<std::vector<std::string>> safe_segments(const std::string& raw_path) {
  std::string decoded;
  try {
    Poco::URI::decode(raw_path, decoded);
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  std::vector<std::string> segments;
  std::stringstream parts(decoded);
  std::string segment;
  while (std::getline(parts, segment, '/')) {
    if (segment.empty()) continue;
    if (segment.front() == '.' || segment.find_first_of(std::string("\\\0", 2)) != std::string::npos) {
      return std::nullopt;
    }
    segments.push_back(segment);
  }
  return segments;
}

std::string etag_of(const fs::path& file, std::uintmax_t size) {
  std::error_code ec;
  const auto modified = fs::last_write_time(file, ec);
  std::ostringstream tag;
  tag << '"' << std::hex << size << '-' << (ec ? 0 : modified.time_since_epoch().count()) << '"';
  return tag.str();
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty() || etag.empty()) return false;
  const auto opaque = [](std::string tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; };
  std::stringstream list(if_none_match);
  std::string item;
  while (std::getline(list, item, ',')) {
    item = trim(item);
    if (item == "*" || opaque(item) == opaque(etag)) return true;
  }
  return false;
}

StaticFiles::StaticFiles(fs::path web_dir, bool source_maps) : web_dir_(std::move(web_dir)), source_maps_(source_maps) {
  std::error_code ec;
  root_ = fs::canonical(web_dir_, ec);
  if (ec) root_.clear();
  if (root_.empty() || !fs::is_regular_file(root_ / "index.html", ec)) {
    log::warn(kLogger, "the web UI is not built: " + (web_dir_ / "index.html").string() +
                           " is missing, so UI pages answer 404; build it with `scripts/build release hsd_web` "
                           "(or set service.web_dir)",
              {{"web_dir", web_dir_.string()}});
  }
}

bool StaticFiles::serves(const std::string& path) {
  if (path == "/api" || path.starts_with("/api/")) return false;
  return path != "/healthz" && path != "/readyz" && path != "/metrics";
}

ApiResponse StaticFiles::not_built() const {
  return text_answer(404, "the web UI is not built: " + (web_dir_ / "index.html").string() +
                              " is missing; build it with `scripts/build release hsd_web`, or point service.web_dir "
                              "at a built UI");
}

ApiResponse StaticFiles::answer(const std::string& method, const std::string& raw_path,
                                const std::string& if_none_match) const {
  if (method != "GET" && method != "HEAD") {
    ApiResponse refused = text_answer(405, method + " is not allowed on " + raw_path + "; allowed: GET, HEAD");
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return refused;
  }
  const auto segments = safe_segments(raw_path);
  if (!segments) return not_found(raw_path);
  std::error_code ec;
  if (root_.empty() || !fs::is_regular_file(root_ / "index.html", ec)) return not_built();
  // A path whose last segment has no extension is one of the UI's own routes.
  if (segments->empty() || extension_of(segments->back()).empty()) {
    return file_answer(root_ / "index.html", "index.html", if_none_match);
  }
  std::string relative;
  for (const auto& segment : *segments) relative += (relative.empty() ? "" : "/") + segment;
  if (extension_of(relative) == "map" && !source_maps_) return not_found(raw_path);
  // Symlinks inside the folder are followed only while they stay inside it.
  const fs::path file = fs::canonical(root_ / relative, ec);
  if (ec || !within(root_, file) || !fs::is_regular_file(file, ec)) return not_found(raw_path);
  return file_answer(file, relative, if_none_match);
}

ApiResponse StaticFiles::file_answer(const fs::path& file, const std::string& relative,
                                     const std::string& if_none_match) const {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  std::ifstream in(file, std::ios::binary);
  if (ec || !in) {
    log::warn(kLogger, "cannot read a file of the web UI", {{"file", file.string()}});
    return not_found("/" + relative);
  }
  ApiResponse response;
  const auto type = content_types().find(extension_of(relative));
  response.content_type = type == content_types().end() ? "application/octet-stream" : type->second;
  const std::string etag = etag_of(file, size);
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Cache-Control", relative == "index.html"       ? kRevalidate
                                                 : relative.starts_with("assets/") ? kImmutable
                                                                                   : kShortLived);
  if (etag_matches(if_none_match, etag)) {
    response.status = 304;
    return response;
  }
  // HEAD too: the connection sends the length of this body and leaves the bytes out.
  response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return response;
}

}  // namespace hsd::engine::service
