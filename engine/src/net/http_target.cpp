#include "http_target.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace hsd::engine::detail {
namespace {

// The URL up to its query or fragment, without user info: the most an error may repeat.
std::string safe_prefix(const std::string& url) {
  std::string out = url.substr(0, url.find_first_of("?#"));
  const auto scheme_end = out.find("://");
  const auto at = out.find('@', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (scheme_end != std::string::npos && at != std::string::npos &&
      at < out.find('/', scheme_end + 3)) {
    out.erase(scheme_end + 3, at - scheme_end - 2);
  }
  return out;
}

}  // namespace

Result<HttpTarget> parse_http_target(const std::string& method, const std::string& url) {
  HttpTarget target;
  try {
    Poco::URI uri(url);
    target.scheme = uri.getScheme();
    target.host = uri.getHost();
    target.port = uri.getPort();
    target.path_and_query = uri.getPathAndQuery();
    target.query = uri.getRawQuery();
    const bool explicit_port = uri.getSpecifiedPort() != 0;
    target.display = target.scheme + "://" + target.host +
                     (explicit_port ? ":" + std::to_string(target.port) : "") +
                     (uri.getPath().empty() ? "/" : uri.getPath());
  } catch (const Poco::Exception&) {
    return make_error(ErrorCode::invalid_argument,
                      method + " " + safe_prefix(url) + ": not a valid URL");
  }
  if (target.scheme != "http" && target.scheme != "https") {
    return make_error(
        ErrorCode::invalid_argument,
        method + " " + safe_prefix(url) + ": only http:// and https:// URLs are supported");
  }
  if (target.host.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      method + " " + safe_prefix(url) + ": the URL has no host");
  }
  if (target.path_and_query.empty()) target.path_and_query = "/";
  return target;
}

}  // namespace hsd::engine::detail
