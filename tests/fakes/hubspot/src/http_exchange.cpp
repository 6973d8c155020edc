#include "http_exchange.hpp"

namespace hsd::fakes::detail {

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
