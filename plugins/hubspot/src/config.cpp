#include "config.hpp"

#include "json_reader.hpp"

#include <Poco/JSON/Array.h>

#include <functional>
#include <map>

namespace hsd::plugins::hubspot {
namespace {

using hsd::sdk::fail;
using hsd::sdk::Failure;
using hsd::sdk::Status;
using Poco::Dynamic::Var;

constexpr std::string_view kPrefix = "connectors.hubspot.";

Failure bad(const std::string& key, const std::string& why) {
  return fail(HSD_ERR_INVALID_ARGUMENT, "invalid plugin configuration: " + std::string(kPrefix) + key + " " + why);
}

// A YAML key written without a value arrives as null: it keeps the default.
Status read_string(const Var& value, const std::string& key, std::string& out) {
  if (value.isEmpty()) return {};
  if (!value.isString()) return bad(key, "must be a string");
  out = value.extract<std::string>();
  return {};
}

Status read_url(const Var& value, const std::string& key, std::string& out) {
  if (auto status = read_string(value, key, out); !status) return status;
  if (out.rfind("https://", 0) != 0 && out.rfind("http://", 0) != 0) {
    return bad(key, "must be an absolute http:// or https:// URL");
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  return {};
}

Status read_path(const Var& value, const std::string& key, std::string& out) {
  if (auto status = read_string(value, key, out); !status) return status;
  if (out.empty() || out.front() != '/') return bad(key, "must be a path starting with '/'");
  if (out.find('?') != std::string::npos) return bad(key, "must not carry a query string");
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

// Scopes come as a list, or (from an HSD_CONNECTORS_HUBSPOT_SCOPES override) as one string
// of space- or comma-separated names.
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
      if (scope.empty() || scope.find(' ') != std::string::npos) {
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

Status read_endpoints(const Var& value, Endpoints& out) {
  if (value.isEmpty()) return {};
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) return bad("endpoints", "must be a mapping of name to path");
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
      return bad("endpoints." + key,
                 "is not a known endpoint (token, introspect, revoke, authorize, account_info, schemas, "
                 "properties, flows, flows_batch_read, forms)");
    }
    if (auto status = read_path(object->get(key), "endpoints." + key, *it->second); !status) return status;
  }
  if (out.properties.find("{objectType}") == std::string::npos) {
    return bad("endpoints.properties", "must contain the placeholder {objectType}");
  }
  return {};
}

}  // namespace

hsd::sdk::Result<Config> parse_config(std::string_view json) {
  Config config;
  bool blank = true;
  for (char c : json) blank = blank && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
  if (blank) return config;
  auto object = parse_json_object(json);
  if (!object) return fail(HSD_ERR_INVALID_ARGUMENT, "invalid plugin configuration: connectors.hubspot must be a mapping");

  using Reader = std::function<Status(const Var&, const std::string&)>;
  const std::map<std::string, Reader> readers = {
      {"client_id", [&](const Var& v, const std::string& k) { return read_string(v, k, config.client_id); }},
      {"client_secret", [&](const Var& v, const std::string& k) { return read_string(v, k, config.client_secret); }},
      {"redirect_uri", [&](const Var& v, const std::string& k) { return read_string(v, k, config.redirect_uri); }},
      {"api_base_url", [&](const Var& v, const std::string& k) { return read_url(v, k, config.api_base_url); }},
      {"auth_base_url", [&](const Var& v, const std::string& k) { return read_url(v, k, config.auth_base_url); }},
      {"scopes", [&](const Var& v, const std::string& k) { return read_scopes(v, k, config.scopes); }},
      {"optional_scopes",
       [&](const Var& v, const std::string& k) { return read_scopes(v, k, config.optional_scopes); }},
      {"endpoints", [&](const Var& v, const std::string&) { return read_endpoints(v, config.endpoints); }},
      {"rate_limit", [&](const Var& v, const std::string& k) { return read_int(v, k, 0, 100000, config.rate_limit); }},
      {"max_concurrency",
       [&](const Var& v, const std::string& k) { return read_int(v, k, 1, 32, config.max_concurrency); }},
      {"max_attempts", [&](const Var& v, const std::string& k) { return read_int(v, k, 1, 20, config.max_attempts); }},
      {"flows_page_size",
       [&](const Var& v, const std::string& k) { return read_int(v, k, 1, 1000, config.flows_page_size); }},
      {"flows_batch_size",
       [&](const Var& v, const std::string& k) { return read_int(v, k, 1, 1000, config.flows_batch_size); }},
      {"forms_page_size",
       [&](const Var& v, const std::string& k) { return read_int(v, k, 1, 50, config.forms_page_size); }},
  };
  for (const auto& key : object->getNames()) {
    auto it = readers.find(key);
    if (it == readers.end()) return bad(key, "is not a known key");
    if (auto status = it->second(object->get(key), key); !status) return status.failure();
  }
  if (!config.redirect_uri.empty() && config.redirect_uri.rfind("http", 0) != 0) {
    return bad("redirect_uri", "must be an absolute URL");
  }
  return config;
}

}  // namespace hsd::plugins::hubspot
