// The warnings a connection carries for its drift watches in state `drift` (drift_watches.hpp):
// what its card, `connections show` and the API's connection view show.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// [{watch, label, differences, comparison, message}], one per watch of the connection in
// drift; one query on the connection's watches.
Result<Poco::JSON::Array::Ptr> drift_warnings(Session& session, std::int64_t connection_id);

// The same warnings from watch rows already read (in id order): those not in drift are left out,
// so a caller may pass all of a connection's watches or only its drifting ones.
Poco::JSON::Array::Ptr drift_warnings_of(const std::vector<JsonObject>& watches);

// "12 differences from acme/portal-config@main" ("1 difference from ...").
std::string drift_message(std::int64_t differences, const std::string& label);

}  // namespace hsd::engine
