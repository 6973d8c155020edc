// The built web UI (service.web_dir) served by the service itself: every GET or HEAD outside the
// API and the operators' endpoints is a file under that folder, or the UI's index.html for its
// own deep links (/connections/12 has no file extension, so it is a route of the UI's, not a
// file). Paths are percent-decoded and confined to the folder ("..", and symlinks that lead
// outside it, answer 404); folders are never listed. Vite names the files under assets/ after
// their content, so those are cached for a year; index.html is revalidated every time, so a new
// build is picked up at the next navigation.
#pragma once

#include <filesystem>
#include <string>

#include "api.hpp"

namespace hsd::engine::service {

class StaticFiles {
 public:
  // web_dir: the folder of the built UI; source_maps: serve *.map files (off: 404). A folder
  // without index.html is logged once here, as a warning that says how to build the UI.
  StaticFiles(std::filesystem::path web_dir, bool source_maps);

  // Whether the path (without its query) belongs to the UI rather than to the API: anything
  // but /api, /api/..., /healthz, /readyz and /metrics.
  static bool serves(const std::string& path);

  // The answer to method on raw_path (still percent-encoded, no query). if_none_match: the
  // request's If-None-Match header ("" when absent).
  ApiResponse answer(const std::string& method, const std::string& raw_path, const std::string& if_none_match) const;

 private:
  ApiResponse file_answer(const std::filesystem::path& file, const std::string& relative,
                          const std::string& if_none_match) const;
  ApiResponse not_built() const;

  std::filesystem::path web_dir_;   // as configured, for messages
  std::filesystem::path root_;      // its canonical form (symlinks resolved); empty when missing
  bool source_maps_;
};

// Whether an If-None-Match header value names etag (a list, "*", weak forms compared weakly as
// RFC 9110 asks for GET).
bool etag_matches(const std::string& if_none_match, const std::string& etag);

}  // namespace hsd::engine::service
