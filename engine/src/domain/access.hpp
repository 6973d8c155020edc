// Permission checks, made in the engine for every API call: a caller's role in a workspace
// decides what they may do there, and anything in a workspace they do not belong to does not
// exist for them (NOT_FOUND, never PERMISSION_DENIED, so ids cannot be probed).
#pragma once

#include <cstdint>
#include <string>

#include "hsd/engine/storage.hpp"
#include "identity.hpp"

namespace hsd::engine {

// Every API request checks access, so this reads only the membership; the workspace's row is
// read when a refusal names it.
struct WorkspaceAccess {
  std::int64_t workspace_id = 0;
  Role role = Role::member;
};

// The caller's role in the workspace; NOT_FOUND when they are not a member.
Result<WorkspaceAccess> workspace_access(Session& session, const Caller& caller, std::int64_t workspace_id);
// As workspace_access, and PERMISSION_DENIED when the role is below `needed`; `what` names the
// action in the message ("delete connections").
Result<WorkspaceAccess> require_role(Session& session, const Caller& caller, std::int64_t workspace_id, Role needed,
                                     const std::string& what);

// A connection the caller may act on with at least `needed` in its workspace.
Result<JsonObject> connection_for(Session& session, const Caller& caller, std::int64_t connection_id, Role needed,
                                  const std::string& what);

}  // namespace hsd::engine
