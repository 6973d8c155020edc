// The one-line error format shared by the loader, the validator and the runner:
//   FILE:LINE:COLUMN: <key path>: <what is wrong>[; allowed: a, b, c]
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/pipeline/pipeline_model.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine::detail {

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

std::string diagnostic_line(const SourceLocation& where, std::string_view key_path,
                            std::string_view what, const std::vector<std::string>& allowed = {});

// An invalid_argument error whose message is diagnostic_line() and whose details_json carries
// file, line, column and path for tools.
Error diagnostic(const SourceLocation& where, std::string_view key_path, std::string_view what,
                 const std::vector<std::string>& allowed = {},
                 ErrorCode code = ErrorCode::invalid_argument);

}  // namespace hsd::engine::detail
