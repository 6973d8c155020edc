// Keeps every answer the service gives the tests, for tests/openapi/check_answers.py to check
// against the OpenAPI document. Off unless HSD_OPENAPI_ANSWERS_DIR names a folder (CTest sets
// it for the service tests); then each test process appends JSON lines to its own file there.
#pragma once

#include <string>

namespace hsd::testing {

struct HttpReply;

void record_answer(const std::string& method, const std::string& path_and_query, const HttpReply& reply);

}  // namespace hsd::testing
