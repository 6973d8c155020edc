#include "drift_warnings.hpp"

namespace hsd::engine {

std::string drift_message(std::int64_t differences, const std::string& label) {
  return std::to_string(differences) + (differences == 1 ? " difference from " : " differences from ") + label;
}

Result<Poco::JSON::Array::Ptr> drift_warnings(Session& session, std::int64_t connection_id) {
  Query query;
  query.where.set("connection_id", connection_id);
  auto watches = session.find("drift_watches", query);
  if (!watches) return watches.error();
  return drift_warnings_of(*watches);
}

Poco::JSON::Array::Ptr drift_warnings_of(const std::vector<JsonObject>& watches) {
  Poco::JSON::Array::Ptr warnings = new Poco::JSON::Array;
  for (const auto& watch : watches) {
    if (watch->getValue<std::string>("state") != "drift") continue;
    const auto differences = watch->getValue<std::int64_t>("differences");
    const auto label = watch->getValue<std::string>("label");
    JsonObject warning = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    warning->set("watch", watch->get("id"));
    warning->set("label", label);
    warning->set("differences", differences);
    warning->set("comparison", watch->isNull("last_comparison_id") ? Poco::Dynamic::Var()
                                                                   : watch->get("last_comparison_id"));
    warning->set("message", drift_message(differences, label));
    warnings->add(warning);
  }
  return warnings;
}

}  // namespace hsd::engine
