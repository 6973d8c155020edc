#include "http_types.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <sstream>

namespace hsd::fakes::detail {

Params parse_form(std::string_view text) {
  Params out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t amp = text.find('&', pos);
    const std::string_view pair = text.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      std::string key(pair.substr(0, eq));
      std::string value(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      for (auto* s : {&key, &value})
        for (char& c : *s)
          if (c == '+') c = ' ';
      std::string dkey, dvalue;
      Poco::URI::decode(key, dkey);
      Poco::URI::decode(value, dvalue);
      out.emplace(std::move(dkey), std::move(dvalue));
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return out;
}

std::string url_encode(std::string_view text) {
  std::string out;
  Poco::URI::encode(std::string(text), "!#$&'()*+,/:;=?@[]", out);
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out += '&';
    out += url_encode(key) + '=' + url_encode(value);
  }
  return out;
}

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
    for (auto& entry : parse_form(body)) out.insert(std::move(entry));
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

}  // namespace hsd::fakes::detail
