#include "control_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace hsd::fakes::github_detail {

Poco::JSON::Object::Ptr parse_object(const std::string& body) {
  if (body.empty()) return new Poco::JSON::Object;
  try {
    auto parsed = Poco::JSON::Parser().parse(body);
    if (auto object = parsed.extract<Poco::JSON::Object::Ptr>()) return object;
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("body is not a JSON object: " + e.displayText());
  } catch (const std::exception&) {
  }
  throw std::invalid_argument("body is not a JSON object");
}

std::vector<std::string> string_list(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  std::vector<std::string> out;
  if (auto array = object->getArray(key))
    for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

UserSpec user_spec(const Poco::JSON::Object::Ptr& o) {
  UserSpec spec;
  spec.login = o->optValue<std::string>("login", "");
  spec.id = o->optValue<Poco::Int64>("id", 0);
  spec.type = o->optValue<std::string>("type", "User");
  spec.name = o->optValue<std::string>("name", "");
  spec.orgs = string_list(o, "orgs");
  spec.admin_of = string_list(o, "admin_of");
  return spec;
}

TokenSpec token_spec(const Poco::JSON::Object::Ptr& o) {
  TokenSpec spec;
  spec.login = o->optValue<std::string>("login", "");
  const std::string kind = o->optValue<std::string>("kind", "classic");
  if (kind == "classic")
    spec.kind = TokenKind::kClassic;
  else if (kind == "oauth")
    spec.kind = TokenKind::kOAuth;
  else if (kind == "fine_grained")
    spec.kind = TokenKind::kFineGrained;
  else if (kind == "app_user")
    spec.kind = TokenKind::kAppUser;
  else
    throw std::invalid_argument("kind must be classic, oauth, fine_grained or app_user");
  spec.scopes = string_list(o, "scopes");
  if (auto ids = o->getArray("repository_ids"))
    for (std::size_t i = 0; i < ids->size(); ++i) spec.repository_ids.push_back(ids->getElement<Poco::Int64>(static_cast<unsigned>(i)));
  spec.all_repositories = o->optValue<bool>("all_repositories", false);
  if (o->has("expires_in")) spec.expires_in = std::chrono::seconds(o->getValue<Poco::Int64>("expires_in"));
  return spec;
}

RepoSpec repo_spec(const Poco::JSON::Object::Ptr& o) {
  RepoSpec spec;
  spec.owner = o->optValue<std::string>("owner", "");
  spec.name = o->optValue<std::string>("name", "");
  spec.is_private = o->optValue<bool>("private", false);
  spec.default_branch = o->optValue<std::string>("default_branch", "main");
  spec.branches = string_list(o, "branches");
  spec.empty = o->optValue<bool>("empty", false);
  spec.archived = o->optValue<bool>("archived", false);
  if (auto collaborators = o->getObject("collaborators"))
    for (const auto& [login, role] : *collaborators) spec.collaborators[login] = role.toString();
  return spec;
}

OAuthSettings oauth_settings(const Poco::JSON::Object::Ptr& o) {
  OAuthSettings settings;
  if (o->has("default_user")) settings.default_user = o->getValue<std::string>("default_user");
  if (o->has("deny")) settings.deny = o->getValue<bool>("deny");
  if (o->has("expiring_tokens")) settings.expiring_tokens = o->getValue<bool>("expiring_tokens");
  if (o->has("token_lifetime")) settings.token_lifetime = std::chrono::seconds(o->getValue<Poco::Int64>("token_lifetime"));
  if (o->has("device_interval")) settings.device_interval = o->getValue<int>("device_interval");
  return settings;
}

DeviceAnswer device_answer(const std::string& text) {
  if (text == "authorization_pending") return DeviceAnswer::kPending;
  if (text == "slow_down") return DeviceAnswer::kSlowDown;
  if (text == "expired_token") return DeviceAnswer::kExpired;
  if (text == "access_denied") return DeviceAnswer::kDenied;
  if (text == "approve") return DeviceAnswer::kApprove;
  throw std::invalid_argument("unknown device answer: " + text);
}

}  // namespace hsd::fakes::github_detail
