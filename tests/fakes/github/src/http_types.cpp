#include "http_types.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <sstream>

namespace hsd::fakes::github_detail {

std::string Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (Poco::icompare(key, std::string(name)) == 0) return value;
  return "";
}

bool Request::has_header(std::string_view name) const {
  for (const auto& entry : headers)
    if (Poco::icompare(entry.first, std::string(name)) == 0) return true;
  return false;
}

std::optional<std::string> Request::param(const std::string& name) const {
  const auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Params Request::form() const {
  Params out = query;
  if (header("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0)
    for (auto& entry : common::parse_form(body)) out.insert(std::move(entry));
  return out;
}

Reply Reply::json(int status, std::string body) {
  return Reply{status, "application/json; charset=utf-8", std::move(body), {}};
}

Reply Reply::text(int status, std::string body) {
  return Reply{status, "text/plain; charset=utf-8", std::move(body), {}};
}

Reply Reply::empty(int status) { return Reply{status, "", "", {}}; }

Reply Reply::redirect(int status, const std::string& location) {
  Reply reply{status, "text/html; charset=utf-8", "<html><body>You are being <a href=\"" + location + "\">redirected</a>.</body></html>", {}};
  reply.headers.emplace_back("Location", location);
  return reply;
}

std::string Reply::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (Poco::icompare(key, std::string(name)) == 0) return value;
  return "";
}

std::optional<std::pair<std::string, std::string>> basic_credentials(const std::string& authorization) {
  if (authorization.size() <= 6 || Poco::icompare(authorization.substr(0, 6), "basic ") != 0) return std::nullopt;
  std::istringstream encoded(Poco::trim(authorization.substr(6)));
  Poco::Base64Decoder decoder(encoded);
  std::string decoded;
  try {
    decoded.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded.substr(0, colon), decoded.substr(colon + 1));
}

}  // namespace hsd::fakes::github_detail
