#include "config.hpp"

#include "json_reader.hpp"

#include <Poco/JSON/Array.h>

#include <functional>
#include <map>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::fail;
using hsd::sdk::Failure;
using hsd::sdk::Status;
using Poco::Dynamic::Var;

constexpr std::string_view kPrefix = "connectors.github.";

Failure bad(const std::string& key, const std::string& why) {
  return fail(HSD_ERR_INVALID_ARGUMENT, "invalid plugin configuration: " + std::string(kPrefix) + key + " " + why);
}

bool has_space_or_control(const std::string& text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

Status read_string(const Var& value, const std::string& key, std::string& out) {
  if (value.isEmpty()) return {};
  if (!value.isString()) return bad(key, "must be a string");
  out = value.extract<std::string>();
  return {};
}

// Client ids and secrets end up in URLs and form bodies: a stray space or newline from a
// copy-paste would only surface as GitHub's "incorrect_client_credentials" much later.
Status read_credential(const Var& value, const std::string& key, std::string& out) {
  if (auto status = read_string(value, key, out); !status) return status;
  if (has_space_or_control(out)) return bad(key, "must not contain spaces or control characters");
  return {};
}

// Scheme and authority only: api_base_url may carry a path (GitHub Enterprise Server's
// /api/v3), but never a query or fragment, and a trailing slash would double up in paths.
Status read_url(const Var& value, const std::string& key, std::string& out) {
  if (auto status = read_string(value, key, out); !status) return status;
  const bool https = out.rfind("https://", 0) == 0;
  const bool http = out.rfind("http://", 0) == 0;
  if (!https && !http) return bad(key, "must be an absolute http:// or https:// URL, got '" + out + "'");
  while (!out.empty() && out.back() == '/') out.pop_back();
  const size_t host_start = https ? 8 : 7;
  if (out.size() <= host_start) return bad(key, "must name a host");
  if (out.find_first_of("?#") != std::string::npos || has_space_or_control(out)) {
    return bad(key, "must not carry a query, fragment or spaces");
  }
  return {};
}

// A list, or one string of space/comma separated names (from an environment override).
Status read_scopes(const Var& value, const std::string& key, std::vector<std::string>& out) {
  if (value.isEmpty()) return {};
  std::vector<std::string> scopes;
  if (value.isString()) {
    std::string current;
    for (char c : value.extract<std::string>() + " ") {
      if (c == ' ' || c == ',' || c == '\t') {
        if (!current.empty()) scopes.push_back(current);
        current.clear();
      } else {
        current += c;
      }
    }
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; i < array->size(); ++i) {
      const auto item = array->get(static_cast<unsigned>(i));
      if (!item.isString()) return bad(key, "must be a list of scope names (strings)");
      auto scope = item.extract<std::string>();
      if (scope.empty() || has_space_or_control(scope) || scope.find(',') != std::string::npos) {
        return bad(key, "holds an invalid scope name '" + scope + "'");
      }
      scopes.push_back(std::move(scope));
    }
  } else {
    return bad(key, "must be a list of scope names");
  }
  out = std::move(scopes);
  return {};
}

Status read_int(const Var& value, const std::string& key, int min, int max, int& out) {
  if (value.isEmpty()) return {};
  if (!value.isInteger()) return bad(key, "must be an integer");
  long long number = 0;
  try {
    number = value.convert<long long>();
  } catch (const Poco::Exception&) {
    return bad(key, "must be an integer");
  }
  if (number < min || number > max) {
    return bad(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                        std::to_string(number));
  }
  out = static_cast<int>(number);
  return {};
}

}  // namespace

#ifndef HSD_GITHUB_HSDEPLOY_VERSION
#define HSD_GITHUB_HSDEPLOY_VERSION "0.0.0"
#endif

std::string default_user_agent() { return std::string("hsdeploy/") + HSD_GITHUB_HSDEPLOY_VERSION; }

hsd::sdk::Result<Config> parse_config(std::string_view json) {
  Config config;
  bool blank = true;
  for (char c : json) blank = blank && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
  if (blank) return config;
  auto object = parse_json_object(json);
  if (!object) return fail(HSD_ERR_INVALID_ARGUMENT, "invalid plugin configuration: connectors.github must be a mapping");

  using Reader = std::function<Status(const Var&, const std::string&)>;
  const std::map<std::string, Reader> readers = {
      {"client_id", [&](const Var& v, const std::string& k) { return read_credential(v, k, config.client_id); }},
      {"client_secret",
       [&](const Var& v, const std::string& k) { return read_credential(v, k, config.client_secret); }},
      {"api_base_url", [&](const Var& v, const std::string& k) { return read_url(v, k, config.api_base_url); }},
      {"web_base_url", [&](const Var& v, const std::string& k) { return read_url(v, k, config.web_base_url); }},
      {"scopes", [&](const Var& v, const std::string& k) { return read_scopes(v, k, config.scopes); }},
      {"user_agent", [&](const Var& v, const std::string& k) { return read_string(v, k, config.user_agent); }},
      {"max_rate_limit_wait_seconds",
       [&](const Var& v, const std::string& k) { return read_int(v, k, 0, 3600, config.max_rate_limit_wait_seconds); }},
  };
  for (const auto& key : object->getNames()) {
    auto it = readers.find(key);
    if (it == readers.end()) {
      return bad(key, "is not a known key (known: client_id, client_secret, api_base_url, web_base_url, scopes, "
                      "user_agent, max_rate_limit_wait_seconds)");
    }
    if (auto status = it->second(object->get(key), key); !status) return status.failure();
  }
  if (config.user_agent.empty() || config.user_agent.find_first_of("\r\n") != std::string::npos) {
    return bad("user_agent", "must be a non-empty single line (GitHub refuses requests without a User-Agent)");
  }
  if (!config.client_secret.empty() && config.client_id.empty()) {
    return bad("client_secret", "is set but client_id is not: set both, or neither to connect with tokens only");
  }
  return config;
}

}  // namespace hsd::plugins::github
