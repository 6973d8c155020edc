// The two sides of a comparison: what a person names (a connection's current snapshot, one of
// its earlier snapshots, or what a backup configuration wrote to its repository at its branch
// or another ref) and the resolved form stored with the comparison and shown by the API.
//
// JSON form (REST bodies, drift_watches.against), exactly one of:
//   {"connection": ID}, {"connection": ID, "snapshot": SID}, {"backup": ID}, {"backup": ID, "ref": "REF"}
// Text form (CLI): prod, 12, prod@SNAPSHOT_ID, backup:ID, backup:ID@REF (a label with @ or : is
// given by its id). Every error names the side and field ("left.snapshot: ...", "right: ...").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include "hsd/engine/engine.hpp"
#include "json_util.hpp"

namespace hsd::engine {

struct SideSpec {
  std::optional<std::int64_t> connection, snapshot, backup;
  std::string ref;  // a backup side's branch or commit; empty: the backup's branch
};

// field names the side in errors ("left"); a bad form is invalid_argument with details.field
// naming the exact field ("left.snapshot").
Result<SideSpec> side_from_json(const Poco::Dynamic::Var& value, const std::string& field);

// The CLI's text form; a connection is named by label or id within the workspace.
Result<SideSpec> side_from_text(Session& session, std::int64_t workspace_id, const std::string& text,
                                const std::string& field);

// The JSON form of a spec (what drift_watches.against stores).
Poco::JSON::Object side_to_json(const SideSpec& spec);

// Checks the side exists in the workspace and resolves its labels:
//   {"kind": "connection"|"snapshot"|"backup", "connection", "connection_label", "plugin",
//    "snapshot", "backup", "repository", "full_name", "ref", "commit", "label"}
// (snapshot and commit are null until a run pins them, except a named snapshot). NOT_FOUND or
// invalid_argument naming the side: "left: no connection 'prod' in this workspace",
// "right: snapshot 7 of Production was pruned or never existed", "right: backup 9 not found",
// "left: connection 4 is a vcs_target, not a source".
Result<JsonObject> resolve_side(Session& session, Engine& engine, std::int64_t workspace_id, const SideSpec& spec,
                                const std::string& field);

}  // namespace hsd::engine
