// The OpenAPI 3.1 document of the REST API (openapi.json beside this file), embedded at build
// time by cmake/embed_file.cmake so that the binary serves it without looking for a file.
#pragma once

#include <string_view>

namespace hsd::engine::embedded {

std::string_view openapi_json();

}  // namespace hsd::engine::embedded
