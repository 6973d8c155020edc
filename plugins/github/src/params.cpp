#include "params.hpp"

namespace hsd::plugins::github {

bool Params::has(const std::string& key) const { return params_ && params_->has(key) && !params_->isNull(key); }

hsd::sdk::Failure Params::bad(const std::string& key, const std::string& why) const {
  return hsd::sdk::fail(HSD_ERR_INVALID_ARGUMENT, action_ + ": the parameter " + key + " " + why);
}

hsd::sdk::Result<std::string> Params::required_string(const std::string& key) const {
  if (!has(key)) return bad(key, "is required (a string)");
  const auto value = params_->get(key);
  if (!value.isString()) return bad(key, "must be a string");
  auto text = value.extract<std::string>();
  if (text.empty()) return bad(key, "must not be empty");
  return text;
}

hsd::sdk::Result<std::string> Params::optional_string(const std::string& key, const std::string& fallback) const {
  if (!has(key)) return fallback;
  const auto value = params_->get(key);
  if (!value.isString()) return bad(key, "must be a string");
  return value.extract<std::string>();
}

hsd::sdk::Result<long long> Params::optional_integer(const std::string& key, long long fallback) const {
  if (!has(key)) return fallback;
  const auto value = params_->get(key);
  long long number = 0;
  try {
    if (!value.isInteger()) return bad(key, "must be an integer");
    number = value.convert<long long>();
  } catch (const Poco::Exception&) {
    return bad(key, "must be an integer");
  }
  if (number < 0) return bad(key, "must not be negative");
  return number;
}

hsd::sdk::Result<bool> Params::optional_bool(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const auto value = params_->get(key);
  if (!value.isBoolean()) return bad(key, "must be a boolean");
  return value.extract<bool>();
}

}  // namespace hsd::plugins::github
