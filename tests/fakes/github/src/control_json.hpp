// Reading the control endpoints' JSON bodies into the public spec structs.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "hsd/fakes/fake_github_types.hpp"

namespace hsd::fakes::github_detail {

Poco::JSON::Object::Ptr parse_object(const std::string& body);  // {} for an empty body
std::vector<std::string> string_list(const Poco::JSON::Object::Ptr& object, const std::string& key);
UserSpec user_spec(const Poco::JSON::Object::Ptr& o);
TokenSpec token_spec(const Poco::JSON::Object::Ptr& o);
RepoSpec repo_spec(const Poco::JSON::Object::Ptr& o);
OAuthSettings oauth_settings(const Poco::JSON::Object::Ptr& o);
DeviceAnswer device_answer(const std::string& text);

}  // namespace hsd::fakes::github_detail
