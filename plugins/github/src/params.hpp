// Reading an action's params with messages that name the parameter. The engine validates
// params against the declared types first; these checks hold the plugin to the same rules
// when it is called some other way (tests, an older engine) and add what types cannot say.
#pragma once

#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace hsd::plugins::github {

class Params {
 public:
  Params(std::string action, Poco::JSON::Object::Ptr params) : action_(std::move(action)), params_(std::move(params)) {}

  /** True when key is present and not null. */
  bool has(const std::string& key) const;
  /** A string that must be present and not empty. */
  hsd::sdk::Result<std::string> required_string(const std::string& key) const;
  /** A string, or fallback when absent or null. */
  hsd::sdk::Result<std::string> optional_string(const std::string& key, const std::string& fallback = "") const;
  /** An integer >= 0, or fallback when absent or null. */
  hsd::sdk::Result<long long> optional_integer(const std::string& key, long long fallback) const;
  /** A boolean, or fallback when absent or null. */
  hsd::sdk::Result<bool> optional_bool(const std::string& key, bool fallback) const;

  /** HSD_ERR_INVALID_ARGUMENT: "<action>: the parameter <key> <why>". */
  hsd::sdk::Failure bad(const std::string& key, const std::string& why) const;

 private:
  std::string action_;
  Poco::JSON::Object::Ptr params_;
};

}  // namespace hsd::plugins::github
