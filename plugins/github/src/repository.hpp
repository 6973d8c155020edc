// A repository as the plugin reports it: the fields of GitHub's repository object the engine
// needs, with the numeric id as a string (ids survive renames and transfers; full_name does
// not).
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hsd::plugins::github {

struct Repository {
  std::string id;
  std::string full_name;  // OWNER/NAME
  std::string owner;
  std::string name;
  std::string default_branch;
  bool is_private = false;
  bool archived = false;
  bool disabled = false;
  std::string visibility;  // public | private | internal
  std::vector<std::pair<std::string, bool>> permissions;  // admin, maintain, push, triage, pull (as sent)
  std::string clone_url;

  /** push, maintain or admin: what a backup's git push needs. */
  bool can_push() const;
};

/** Reads a GitHub repository object; nullopt when id or full_name is missing. */
std::optional<Repository> parse_repository(const Poco::JSON::Object::Ptr& object);

/** {"id","full_name","owner","name","default_branch","private","archived","visibility","permissions","clone_url"} */
std::string repository_json(const Repository& repository);

/** True for OWNER/NAME: one slash, both parts of [A-Za-z0-9._-], as GitHub allows. */
bool valid_full_name(const std::string& text);

/** True for a positive decimal id. */
bool is_numeric_id(const std::string& text);

/** ASCII case-insensitive equality (GitHub names are case-insensitive). */
bool same_name(const std::string& a, const std::string& b);

}  // namespace hsd::plugins::github
