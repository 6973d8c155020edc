#include "hsd/fakes/common/form_codec.hpp"

#include <Poco/URI.h>

namespace hsd::fakes::common {

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

}  // namespace hsd::fakes::common
