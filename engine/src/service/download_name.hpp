// The file name a browser saves a download under: any character outside [A-Za-z0-9._-] (a
// whole UTF-8 sequence counts as one) becomes "_", so that the name needs no quoting in a
// Content-Disposition header and cannot climb out of a folder or hide as a dot file.
#pragma once

#include <string>
#include <string_view>

namespace hsd::engine::service {

// "<type>-<object_id>.json", made safe.
std::string metadata_download_name(std::string_view type, std::string_view object_id);

}  // namespace hsd::engine::service
