#include "repository.hpp"

#include <hsd/plugins/support/json_reader.hpp>

#include <hsd/sdk.hpp>

#include <cctype>

namespace hsd::plugins::github {
namespace {

bool name_part(const std::string& part) {
  if (part.empty() || part.size() > 100 || part == "." || part == "..") return false;
  for (unsigned char c : part) {
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace

bool Repository::can_push() const {
  for (const auto& [name, granted] : permissions) {
    if (granted && (name == "push" || name == "maintain" || name == "admin")) return true;
  }
  return false;
}

std::optional<Repository> parse_repository(const Poco::JSON::Object::Ptr& object) {
  if (!object) return std::nullopt;
  Repository repo;
  repo.id = support::json_string_field(object, "id").value_or("");
  repo.full_name = support::json_string_field(object, "full_name").value_or("");
  if (repo.id.empty() || repo.full_name.empty()) return std::nullopt;
  repo.name = support::json_string_field(object, "name").value_or("");
  repo.owner = support::json_string_field(support::json_child(object, "owner"), "login").value_or("");
  const size_t slash = repo.full_name.find('/');
  if (repo.owner.empty() && slash != std::string::npos) repo.owner = repo.full_name.substr(0, slash);
  if (repo.name.empty() && slash != std::string::npos) repo.name = repo.full_name.substr(slash + 1);
  repo.default_branch = support::json_string_field(object, "default_branch").value_or("");
  repo.is_private = support::json_bool_field(object, "private").value_or(false);
  repo.archived = support::json_bool_field(object, "archived").value_or(false);
  repo.disabled = support::json_bool_field(object, "disabled").value_or(false);
  repo.visibility = support::json_string_field(object, "visibility").value_or(repo.is_private ? "private" : "public");
  repo.clone_url = support::json_string_field(object, "clone_url").value_or("");
  if (auto permissions = object->getObject("permissions")) {
    for (const auto& key : {"admin", "maintain", "push", "triage", "pull"}) {
      if (auto granted = support::json_bool_field(permissions, key)) repo.permissions.emplace_back(key, *granted);
    }
  }
  return repo;
}

std::string repository_json(const Repository& repo) {
  using hsd::sdk::json_string;
  std::string permissions = "{";
  for (const auto& [name, granted] : repo.permissions) {
    if (permissions.size() > 1) permissions += ',';
    permissions += json_string(name) + ":" + (granted ? "true" : "false");
  }
  permissions += "}";
  return "{\"id\":" + json_string(repo.id) + ",\"full_name\":" + json_string(repo.full_name) +
         ",\"owner\":" + json_string(repo.owner) + ",\"name\":" + json_string(repo.name) +
         ",\"default_branch\":" + json_string(repo.default_branch) +
         ",\"private\":" + (repo.is_private ? "true" : "false") + ",\"archived\":" + (repo.archived ? "true" : "false") +
         ",\"visibility\":" + json_string(repo.visibility) + ",\"permissions\":" + permissions +
         ",\"clone_url\":" + json_string(repo.clone_url) + "}";
}

bool valid_full_name(const std::string& text) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos || text.find('/', slash + 1) != std::string::npos) return false;
  return name_part(text.substr(0, slash)) && name_part(text.substr(slash + 1));
}

bool is_numeric_id(const std::string& text) {
  if (text.empty() || text.size() > 19 || text[0] == '0') return false;
  for (unsigned char c : text) {
    if (!std::isdigit(c)) return false;
  }
  return true;
}

bool same_name(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace hsd::plugins::github
