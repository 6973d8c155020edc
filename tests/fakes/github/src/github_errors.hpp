// GitHub's REST error bodies: {"message", "documentation_url"[, "status"]} with the status
// and headers GitHub sends alongside.
#pragma once

#include <cstdint>
#include <string>

#include "http_types.hpp"

namespace hsd::fakes::github_detail {

Reply api_error(int status, const std::string& message, const std::string& documentation_url);
Reply bad_credentials();
Reply requires_authentication();
Reply not_found();
Reply missing_user_agent();
Reply moved_permanently(const std::string& api_url, std::int64_t repo_id, const std::string& rest_of_path);
Reply saml_enforced(const std::string& base_url, const std::string& org);
Reply validation_failed(const std::string& message);
Reply primary_rate_limited(int status, std::int64_t user_id);
Reply secondary_rate_limited(int status, int retry_after);
Reply insufficient_scope(const std::string& needed);

}  // namespace hsd::fakes::github_detail
