// Workspaces and their memberships. A workspace always keeps at least one owner: removing or
// demoting the last one is refused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit.hpp"
#include "identity.hpp"

namespace hsd::engine {

// The workspaces the user belongs to, each with id, name, role and created_at.
Result<std::vector<JsonObject>> workspaces_of(Session& session, std::int64_t user_id);
// A new workspace with the caller as its owner; a taken name is CONFLICT.
Result<JsonObject> create_workspace(Session& session, const std::string& name, std::int64_t owner_id,
                                    const Actor& actor);

// Members as {user_id, email, name, role, created_at, password_set}.
Result<std::vector<JsonObject>> list_members(Session& session, std::int64_t workspace_id);
// Adds the user with that e-mail (created when new); one already a member is CONFLICT.
Result<JsonObject> add_member(Session& session, std::int64_t workspace_id, const std::string& email, Role role,
                              const Actor& actor);
Result<JsonObject> change_member_role(Session& session, std::int64_t workspace_id, std::int64_t user_id, Role role,
                                      const Actor& actor);
Status remove_member(Session& session, std::int64_t workspace_id, std::int64_t user_id, const Actor& actor);

}  // namespace hsd::engine
