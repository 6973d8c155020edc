#include "audit.hpp"

#include "hsd/engine/log.hpp"
#include "json_util.hpp"

namespace hsd::engine {

void audit(Session& session, std::optional<std::int64_t> workspace_id, const Actor& actor, const std::string& action,
           const std::string& target_type, const std::string& target_id, const std::string& details_json) {
  Poco::JSON::Object record;
  if (workspace_id) record.set("workspace_id", *workspace_id);
  if (actor.user_id) record.set("user_id", *actor.user_id);
  record.set("action", action);
  record.set("target_type", target_type);
  record.set("target_id", target_id);
  // Details may quote what a caller sent; a secret in them is redacted before it is stored.
  if (auto details = parse_object(log::redact_secrets(details_json), "audit details")) record.set("details", *details);
  record.set("remote_addr", actor.remote_addr);
  auto inserted = session.insert("audit_log", record);
  if (!inserted) log::error("engine.audit", "could not record '" + action + "': " + inserted.error().message);
}

}  // namespace hsd::engine
