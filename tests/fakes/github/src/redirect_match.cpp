#include "redirect_match.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace hsd::fakes::github_detail {
namespace {

bool matches(const Poco::URI& given, const Poco::URI& callback) {
  if (given.getScheme() != callback.getScheme() || given.getHost() != callback.getHost()) return false;
  const bool loopback = callback.getHost() == "127.0.0.1" || callback.getHost() == "::1";
  if (!loopback && given.getPort() != callback.getPort()) return false;
  const std::string& base = callback.getPath();
  const std::string& path = given.getPath();
  if (path == base) return true;
  const std::string prefix = base.empty() || base.back() != '/' ? base + "/" : base;
  return path.rfind(prefix, 0) == 0;
}

}  // namespace

bool redirect_allowed(const std::string& uri, const std::vector<std::string>& registered) {
  if (registered.empty()) return true;
  try {
    const Poco::URI given(uri);
    for (const auto& callback : registered)
      if (matches(given, Poco::URI(callback))) return true;
  } catch (const Poco::Exception&) {
    return false;
  }
  return false;
}

}  // namespace hsd::fakes::github_detail
