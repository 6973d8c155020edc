#include "github_errors.hpp"

#include "hsd/fakes/common/json_writer.hpp"

namespace hsd::fakes::github_detail {
namespace {
constexpr const char* kDocs = "https://docs.github.com/rest";
}

Reply api_error(int status, const std::string& message, const std::string& documentation_url) {
  common::JsonWriter w;
  w.begin_object().str("message", message).str("documentation_url", documentation_url);
  w.str("status", std::to_string(status)).end_object();
  return Reply::json(status, w.take());
}

Reply bad_credentials() { return api_error(401, "Bad credentials", kDocs); }

Reply requires_authentication() {
  return api_error(401, "Requires authentication", "https://docs.github.com/rest/users/users#get-the-authenticated-user");
}

Reply not_found() { return api_error(404, "Not Found", kDocs); }

Reply missing_user_agent() {
  // GitHub answers this one as text, before it looks at anything else in the request.
  return Reply::text(403,
                     "Request forbidden by administrative rules. Please make sure your request has a User-Agent "
                     "header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). "
                     "Check https://developer.github.com for other possible causes.\n");
}

Reply moved_permanently(const std::string& api_url, std::int64_t repo_id, const std::string& rest_of_path) {
  const std::string url = api_url + "/repositories/" + std::to_string(repo_id) + rest_of_path;
  common::JsonWriter w;
  w.begin_object().str("message", "Moved Permanently").str("url", url);
  w.str("documentation_url", "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects");
  w.end_object();
  Reply reply = Reply::json(301, w.take());
  reply.headers.emplace_back("Location", url);
  return reply;
}

Reply saml_enforced(const std::string& base_url, const std::string& org) {
  Reply reply = api_error(403,
                          "Resource protected by organization SAML enforcement. You must grant your Personal Access "
                          "token access to this organization.",
                          "https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/");
  reply.headers.emplace_back("X-GitHub-SSO", "required; url=" + base_url + "/orgs/" + org +
                                                 "/sso?authorization_request=AFAKESSOREQUEST");
  return reply;
}

Reply validation_failed(const std::string& message) {
  common::JsonWriter w;
  w.begin_object().str("message", "Validation Failed");
  w.key("errors").begin_array().begin_object().str("resource", "Search").str("field", "q").str("code", "invalid");
  w.str("message", message).end_object().end_array();
  w.str("documentation_url", "https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user");
  w.str("status", "422").end_object();
  return Reply::json(422, w.take());
}

Reply primary_rate_limited(int status, std::int64_t user_id) {
  return api_error(status,
                   "API rate limit exceeded for user ID " + std::to_string(user_id) +
                       ". If you reach out to GitHub Support for help, please include the request ID FAKE:0000:0000000.",
                   "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api");
}

Reply secondary_rate_limited(int status, int retry_after) {
  Reply reply = api_error(status,
                          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
                          "If you reach out to GitHub Support for help, please include the request ID FAKE:0000:0000001.",
                          "https://docs.github.com/free-pro-team@latest/rest/overview/"
                          "rate-limits-for-the-rest-api#about-secondary-rate-limits");
  reply.headers.emplace_back("retry-after", std::to_string(retry_after));
  return reply;
}

Reply insufficient_scope(const std::string& needed) {
  Reply reply = api_error(403, "You need at least " + needed + " scope or permission to access this resource.", kDocs);
  return reply;
}

}  // namespace hsd::fakes::github_detail
