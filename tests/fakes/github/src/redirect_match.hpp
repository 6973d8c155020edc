// GitHub's OAuth App callback rules: same scheme and host, same port except on loopback
// (127.0.0.1 or ::1, where any port is accepted), and a path equal to the registered one or
// below it.
#pragma once

#include <string>
#include <vector>

namespace hsd::fakes::github_detail {

bool redirect_allowed(const std::string& uri, const std::vector<std::string>& registered);

}  // namespace hsd::fakes::github_detail
