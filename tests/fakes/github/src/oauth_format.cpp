#include "oauth_format.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "access.hpp"
#include "hsd/fakes/common/json_writer.hpp"

namespace hsd::fakes::github_detail {
namespace {

const std::map<std::string, std::string>& descriptions() {
  static const std::map<std::string, std::string> text{
      {"incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect."},
      {"redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application."},
      {"bad_verification_code", "The code passed is incorrect or expired."},
      {"bad_refresh_token", "The refresh token passed is incorrect or expired."},
      {"authorization_pending", "The authorization request is still pending."},
      {"slow_down", "Too many requests have been made in the same timeframe."},
      {"expired_token", "The device_code has expired."},
      {"access_denied", "The authorization request was denied."},
      {"unsupported_grant_type", "The grant type is not supported."},
      {"incorrect_device_code", "The device_code provided is not valid."},
  };
  return text;
}

bool is_number(const std::string& key) { return key == "expires_in" || key == "interval" || key == "refresh_token_expires_in"; }

}  // namespace

bool wants_json(const Request& request) { return request.header("Accept").find("application/json") != std::string::npos; }

Reply oauth_body(const Request& request, const Fields& fields) {
  if (!wants_json(request)) {
    Reply reply{200, "application/x-www-form-urlencoded; charset=utf-8", common::form_encode(fields), {}};
    return reply;
  }
  common::JsonWriter w;
  w.begin_object();
  for (const auto& [key, value] : fields) {
    if (is_number(key))
      w.num(key, std::stoll(value));
    else
      w.str(key, value);
  }
  w.end_object();
  return Reply::json(200, w.take());
}

Reply oauth_error(const Request& request, const std::string& error, Fields extra) {
  const auto it = descriptions().find(error);
  Fields fields{{"error", error},
                {"error_description", it == descriptions().end() ? error : it->second},
                {"error_uri", "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#" + error}};
  for (auto& field : extra) fields.push_back(std::move(field));
  return oauth_body(request, fields);
}

Reply token_success(const Request& request, const TokenGrant& grant) {
  Fields fields{{"access_token", grant.access_token}};
  if (grant.expires_in) {
    fields.emplace_back("expires_in", std::to_string(grant.expires_in->count()));
    fields.emplace_back("refresh_token", grant.refresh_token);
    fields.emplace_back("refresh_token_expires_in", std::to_string(grant.refresh_expires_in.count()));
  }
  fields.emplace_back("scope", join(grant.scopes, ","));
  fields.emplace_back("token_type", "bearer");
  return oauth_body(request, fields);
}

std::string s256(const std::string& verifier) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(verifier);
  const auto& digest = sha.digest();
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

std::vector<std::string> split_scopes(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text + " ") {
    if (c == ' ' || c == ',') {
      if (!current.empty() && std::find(out.begin(), out.end(), current) == out.end()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

}  // namespace hsd::fakes::github_detail
