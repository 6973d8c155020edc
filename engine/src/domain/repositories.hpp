// Repositories of VCS connections. A repository is added from what the connection's token
// can see, keyed by the provider's stable id (a rename or transfer updates its name instead
// of breaking it), and carries a status: `connected`, or `error` with a reason the plugin
// found (not_found, access_revoked, archived, sso_required, rate_limited, ...).
//
// The plugin actions behind them (the contract of a vcs_target plugin, see sdk/ABI.md):
// repos_available, and repo_status {repository, with_branches} whose output carries status,
// reason, detail, repository {id, full_name, default_branch, ...}, renamed_from and branches.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit.hpp"
#include "credential_service.hpp"
#include "hsd/engine/engine.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// The public form: id, connection, workspace, repository (the provider's id), full_name,
// default_branch, status, status_reason, status_detail, last_checked_at, created_at.
JsonObject repository_view(const JsonObject& row);

// The repositories of one VCS connection, or of every connection of a workspace.
Result<std::vector<JsonObject>> list_repositories(Session& session, std::optional<std::int64_t> connection_id,
                                                  std::optional<std::int64_t> workspace_id);

// A repository by stored id, with the connection it belongs to.
struct RepositoryRef {
  JsonObject repository;
  JsonObject connection;
};
Result<RepositoryRef> find_repository(Session& session, std::int64_t repository_id);

// A repository of the workspace by OWNER/NAME (case-insensitive, as the provider's names) or
// by stored id; NOT_FOUND naming it, CONFLICT when two connections added the same name.
Result<RepositoryRef> find_repository_in_workspace(Session& session, std::int64_t workspace_id,
                                                   const std::string& ref);

// What the connection's token can see: the plugin's repos_available output, with `added`
// (the stored repository id, or null) on each repository.
Result<JsonObject> available_repositories(Engine& engine, CredentialService& credentials, Session& session,
                                          const JsonObject& connection);

struct AddRepositoryRequest {
  std::string repository;  // OWNER/NAME or the provider's id
  std::string branch;      // empty: the repository's default branch
  Actor actor;
};

// Checks the repository with the plugin and stores it with the chosen branch. A repository
// the token cannot reach is refused (with the plugin's reason); an archived one is stored in
// error, since it can still be compared but never backed up to.
Result<JsonObject> add_repository(Engine& engine, CredentialService& credentials, Session& session,
                                  const JsonObject& connection, const AddRepositoryRequest& request);

// A repository's branches as the connection's token sees them (OWNER/NAME or the provider's id),
// for choosing one before adding it: {"repository" (its full name), "default_branch",
// "branches"}. A repository the token cannot reach is refused with the plugin's reason.
Result<JsonObject> repository_branches(Engine& engine, CredentialService& credentials, Session& session,
                                       const JsonObject& connection, const std::string& repository);

// Asks the plugin for the repository's status now and stores it; the updated row.
Result<JsonObject> check_repository(Engine& engine, CredentialService& credentials, Session& session,
                                    const RepositoryRef& ref);

// Stores a repo_status output on the repository row: status, reason, detail, the time, and
// the new name after a rename or transfer. The updated row.
Result<JsonObject> record_repository_status(Session& session, const JsonObject& repository, const JsonObject& status);

// Removes a repository no backup uses (CONFLICT naming the backups otherwise), with the
// comparisons that read a backup from it and the drift watches against it, in one transaction.
Status remove_repository(Session& session, const RepositoryRef& ref, const Actor& actor);

}  // namespace hsd::engine
