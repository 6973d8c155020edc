#include "config.hpp"

#include <hsd/plugins/support/config_reader.hpp>

#include <map>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::Status;
using Poco::Dynamic::Var;

const support::ConfigReader kReader("connectors.github");

bool has_space_or_control(const std::string& text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Client ids and secrets end up in URLs and form bodies: a stray space or newline from a
// copy-paste would only surface as GitHub's "incorrect_client_credentials" much later.
Status read_credential(const Var& value, const std::string& key, std::string& out) {
  if (auto status = kReader.read_string(value, key, out); !status) return status;
  if (has_space_or_control(out)) return kReader.bad(key, "must not contain spaces or control characters");
  return {};
}

// Scheme and authority only: api_base_url may carry a path (GitHub Enterprise Server's
// /api/v3), but never a query or fragment, and a trailing slash would double up in paths.
Status read_url(const Var& value, const std::string& key, std::string& out) {
  if (auto status = kReader.read_string(value, key, out); !status) return status;
  const bool https = out.rfind("https://", 0) == 0;
  const bool http = out.rfind("http://", 0) == 0;
  if (!https && !http) return kReader.bad(key, "must be an absolute http:// or https:// URL, got '" + out + "'");
  while (!out.empty() && out.back() == '/') out.pop_back();
  const size_t host_start = https ? 8 : 7;
  if (out.size() <= host_start) return kReader.bad(key, "must name a host");
  if (out.find_first_of("?#") != std::string::npos || has_space_or_control(out)) {
    return kReader.bad(key, "must not carry a query, fragment or spaces");
  }
  return {};
}

// GitHub's scope names hold no space, control character or comma (the list separators).
bool valid_scope(const std::string& scope) {
  return !scope.empty() && !has_space_or_control(scope) && scope.find(',') == std::string::npos;
}

}  // namespace

#ifndef HSD_GITHUB_HSDEPLOY_VERSION
#define HSD_GITHUB_HSDEPLOY_VERSION "0.0.0"
#endif

std::string default_user_agent() { return std::string("hsdeploy/") + HSD_GITHUB_HSDEPLOY_VERSION; }

hsd::sdk::Result<Config> parse_config(std::string_view json) {
  Config config;
  auto object = kReader.parse_block(json);
  if (!object) return object.failure();
  if (!*object) return config;  // no block: the defaults

  const std::map<std::string, support::ConfigReader::KeyReader> readers = {
      {"client_id", [&](const Var& v, const std::string& k) { return read_credential(v, k, config.client_id); }},
      {"client_secret",
       [&](const Var& v, const std::string& k) { return read_credential(v, k, config.client_secret); }},
      {"api_base_url", [&](const Var& v, const std::string& k) { return read_url(v, k, config.api_base_url); }},
      {"web_base_url", [&](const Var& v, const std::string& k) { return read_url(v, k, config.web_base_url); }},
      {"scopes", [&](const Var& v, const std::string& k) { return kReader.read_scopes(v, k, config.scopes, valid_scope); }},
      {"user_agent", [&](const Var& v, const std::string& k) { return kReader.read_string(v, k, config.user_agent); }},
      {"max_rate_limit_wait_seconds",
       [&](const Var& v, const std::string& k) { return kReader.read_int(v, k, 0, 3600, config.max_rate_limit_wait_seconds); }},
  };
  const std::string known = " (known: client_id, client_secret, api_base_url, web_base_url, scopes, user_agent, "
                            "max_rate_limit_wait_seconds)";
  if (auto status = kReader.read_keys(*object, readers, known); !status) return status.failure();
  if (config.user_agent.empty() || config.user_agent.find_first_of("\r\n") != std::string::npos) {
    return kReader.bad("user_agent", "must be a non-empty single line (GitHub refuses requests without a User-Agent)");
  }
  if (!config.client_secret.empty() && config.client_id.empty()) {
    return kReader.bad("client_secret", "is set but client_id is not: set both, or neither to connect with tokens only");
  }
  return config;
}

}  // namespace hsd::plugins::github
