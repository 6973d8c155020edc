// Runs a child process with stdin fed from a string and stdout/stderr captured, without the
// pipe deadlock a sequential write-then-read would risk on large bodies.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace hsd::fakes::github_detail {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/** `env` is added to (or overrides) the inherited environment. Throws std::runtime_error if it cannot start. */
ProcessResult run_process(const std::string& command, const std::vector<std::string>& args,
                          const std::string& working_dir, const std::map<std::string, std::string>& env,
                          const std::string& input);

}  // namespace hsd::fakes::github_detail
