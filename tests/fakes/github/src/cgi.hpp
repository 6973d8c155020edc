// git-http-backend as a CGI program: the environment it expects, the request body on stdin,
// and its output split at the blank line into Status:, headers and body.
#pragma once

#include <filesystem>
#include <string>

#include "http_types.hpp"

namespace hsd::fakes::github_detail {

struct CgiCall {
  std::filesystem::path project_root;
  std::string path_info;  // "/repos/ID.git/info/refs"
  std::string remote_user;
};

/** Runs /usr/lib/git-core/git-http-backend; every reply with a body carries a Content-Type. */
Reply run_git_http_backend(const CgiCall& call, const Request& request);

}  // namespace hsd::fakes::github_detail
