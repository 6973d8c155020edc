// The audit log: who changed what, when and from where. Every change made through the CLI or
// the API appends one line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hsd/engine/storage.hpp"

namespace hsd::engine {

// Who acts: an API user from an address, or the one-shot CLI (no user, "cli").
struct Actor {
  std::optional<std::int64_t> user_id;
  std::string remote_addr = "cli";
};

// Appends a line; a failure is logged, never raised, so that it cannot undo the change it
// records.
void audit(Session& session, std::optional<std::int64_t> workspace_id, const Actor& actor, const std::string& action,
           const std::string& target_type, const std::string& target_id, const std::string& details_json = "{}");

}  // namespace hsd::engine
