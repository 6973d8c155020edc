// Connections as the CLI and the API see them: found by id or label, listed, renamed, and
// shown with the public field names of DESIGN.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// The workspace of that name, created when missing.
Result<JsonObject> ensure_workspace(Session& session, const std::string& name);
Result<JsonObject> find_workspace(Session& session, const std::string& name);

// A connection by numeric id or by label (within the workspace when one is given). A label
// used in several workspaces is ambiguous without one.
Result<JsonObject> resolve_connection(Session& session, std::string_view ref,
                                      std::optional<std::int64_t> workspace_id);

Result<std::vector<JsonObject>> list_connections(Session& session,
                                                 std::optional<std::int64_t> workspace_id);

// Renames; an empty label or one taken in the workspace is refused and nothing changes.
Result<JsonObject> rename_connection(Session& session, std::int64_t id, const std::string& label);

// Sets status and detail (secrets redacted); code is the stable code of the error behind an
// `error` status (error_status_code), empty otherwise.
Result<JsonObject> set_connection_status(Session& session, std::int64_t id, const std::string& status,
                                         const std::string& detail, const std::string& code = "");

// The public form: id, workspace, plugin, kind, label, account_id, account_name, auth_type,
// status, status_detail, status_code, warnings, scopes_*, token_expires_at, token_refreshed_at,
// progress, created_at, retrieved_at.
JsonObject connection_view(const JsonObject& row);

// A metadata object's public form: type, id, name, hash, snapshot, and data when the row has it.
JsonObject metadata_view(const MetadataRow& row);

}  // namespace hsd::engine
