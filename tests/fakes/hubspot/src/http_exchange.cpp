#include "http_exchange.hpp"

#include <Poco/URI.h>

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

std::optional<std::string> Request::param(const std::string& name) const {
  const auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Request::params(const std::string& name) const {
  std::vector<std::string> out;
  const auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

bool Request::is_form() const {
  return content_type.rfind("application/x-www-form-urlencoded", 0) == 0;
}

}  // namespace hsd::fakes::detail
