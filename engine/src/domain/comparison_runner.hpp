// Running a stored comparison to its end: the compare pipeline's engine.run_comparison step and
// `hsdeploy compare` call it. It pins each snapshot side and reads each backup side (recording
// the snapshot id or commit it used in the side), then compares type by type with the source
// plugin's compare rules, storing each difference as it is found and holding at most one type
// of each side at a time, and records the result. A failure leaves the comparison in `error`
// with the message (naming the side when a side is at fault) and its code.
#pragma once

#include <atomic>
#include <cstdint>

#include "credential_service.hpp"
#include "hsd/engine/engine.hpp"

namespace hsd::engine {

Status run_comparison(Engine& engine, CredentialService& credentials, Session& session, std::int64_t comparison_id,
                      const std::atomic<bool>* cancel);

// Puts a comparison in `error` with the message and code (a failure outside run_comparison,
// e.g. a step that timed out); a comparison already finished is left as it is.
Status record_comparison_failure(Session& session, std::int64_t comparison_id, const std::string& message,
                                 const std::string& code);

}  // namespace hsd::engine
