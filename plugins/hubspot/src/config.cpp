#include "config.hpp"

#include <hsd/plugins/support/config_reader.hpp>

#include <Poco/JSON/Object.h>

#include <map>

namespace hsd::plugins::hubspot {
namespace {

using hsd::sdk::Status;
using Poco::Dynamic::Var;

const support::ConfigReader kReader("connectors.hubspot");

Status read_url(const Var& value, const std::string& key, std::string& out) {
  if (auto status = kReader.read_string(value, key, out); !status) return status;
  if (out.rfind("https://", 0) != 0 && out.rfind("http://", 0) != 0) {
    return kReader.bad(key, "must be an absolute http:// or https:// URL");
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  return {};
}

Status read_path(const Var& value, const std::string& key, std::string& out) {
  if (auto status = kReader.read_string(value, key, out); !status) return status;
  if (out.empty() || out.front() != '/') return kReader.bad(key, "must be a path starting with '/'");
  if (out.find('?') != std::string::npos) return kReader.bad(key, "must not carry a query string");
  return {};
}

// HubSpot's scope names never hold a space (the consent URL separates them with spaces).
bool valid_scope(const std::string& scope) { return !scope.empty() && scope.find(' ') == std::string::npos; }

Status read_endpoints(const Var& value, Endpoints& out) {
  if (value.isEmpty()) return {};
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) return kReader.bad("endpoints", "must be a mapping of name to path");
  const std::map<std::string, std::string*> fields = {
      {"token", &out.token},           {"introspect", &out.introspect},
      {"revoke", &out.revoke},         {"authorize", &out.authorize},
      {"account_info", &out.account_info}, {"schemas", &out.schemas},
      {"properties", &out.properties}, {"flows", &out.flows},
      {"flows_batch_read", &out.flows_batch_read}, {"forms", &out.forms}};
  auto object = value.extract<Poco::JSON::Object::Ptr>();
  for (const auto& key : object->getNames()) {
    auto it = fields.find(key);
    if (it == fields.end()) {
      return kReader.bad("endpoints." + key,
                         "is not a known endpoint (token, introspect, revoke, authorize, account_info, schemas, "
                         "properties, flows, flows_batch_read, forms)");
    }
    if (auto status = read_path(object->get(key), "endpoints." + key, *it->second); !status) return status;
  }
  if (out.properties.find("{objectType}") == std::string::npos) {
    return kReader.bad("endpoints.properties", "must contain the placeholder {objectType}");
  }
  return {};
}

}  // namespace

hsd::sdk::Result<Config> parse_config(std::string_view json) {
  Config config;
  auto object = kReader.parse_block(json);
  if (!object) return object.failure();
  if (!*object) return config;  // no block: the defaults

  const std::map<std::string, support::ConfigReader::KeyReader> readers = {
      {"client_id", [&](const Var& v, const std::string& k) { return kReader.read_string(v, k, config.client_id); }},
      {"client_secret", [&](const Var& v, const std::string& k) { return kReader.read_string(v, k, config.client_secret); }},
      {"redirect_uri", [&](const Var& v, const std::string& k) { return kReader.read_string(v, k, config.redirect_uri); }},
      {"api_base_url", [&](const Var& v, const std::string& k) { return read_url(v, k, config.api_base_url); }},
      {"auth_base_url", [&](const Var& v, const std::string& k) { return read_url(v, k, config.auth_base_url); }},
      {"scopes", [&](const Var& v, const std::string& k) { return kReader.read_scopes(v, k, config.scopes, valid_scope); }},
      {"optional_scopes",
       [&](const Var& v, const std::string& k) { return kReader.read_scopes(v, k, config.optional_scopes, valid_scope); }},
      {"endpoints", [&](const Var& v, const std::string&) { return read_endpoints(v, config.endpoints); }},
      {"rate_limit", [&](const Var& v, const std::string& k) { return kReader.read_int(v, k, 0, 100000, config.rate_limit); }},
      {"max_concurrency",
       [&](const Var& v, const std::string& k) { return kReader.read_int(v, k, 1, 32, config.max_concurrency); }},
      {"max_attempts", [&](const Var& v, const std::string& k) { return kReader.read_int(v, k, 1, 20, config.max_attempts); }},
      {"flows_page_size",
       [&](const Var& v, const std::string& k) { return kReader.read_int(v, k, 1, 1000, config.flows_page_size); }},
      {"flows_batch_size",
       [&](const Var& v, const std::string& k) { return kReader.read_int(v, k, 1, 1000, config.flows_batch_size); }},
      {"forms_page_size",
       [&](const Var& v, const std::string& k) { return kReader.read_int(v, k, 1, 50, config.forms_page_size); }},
  };
  if (auto status = kReader.read_keys(*object, readers); !status) return status.failure();
  if (!config.redirect_uri.empty() && config.redirect_uri.rfind("http", 0) != 0) {
    return kReader.bad("redirect_uri", "must be an absolute URL");
  }
  return config;
}

}  // namespace hsd::plugins::hubspot
