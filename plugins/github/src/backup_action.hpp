// The backup action's glue: check the repository exactly as repo_status does, refuse what
// cannot take a push, then hand the bound snapshot to the backup writer with the target's
// remote, token and mirror. The writer (src/backup/) knows git; this file knows GitHub.
#pragma once

#include "api_client.hpp"
#include "connector.hpp"

#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>

namespace hsd::plugins::github {

/**
 * input: {"params": {...}, "connection": {"id","account_name","account_id"}, "data_dir": "..."}.
 * Sets the output {"commit","parent","committed","added","changed","removed","files",
 * "full_name","branch"} (plus "renamed_from" when the repository moved). Refusals: the check's
 * reason as the code (REPO_ARCHIVED, REPO_NOT_FOUND, ACCESS_REVOKED, SSO_REQUIRED,
 * RATE_LIMITED), PUSH_NOT_ALLOWED; the writer's failures pass through.
 */
hsd::sdk::Status run_backup(const hsd::sdk::Context& context, ApiClient& api, const BackupWriter& writer,
                            const Poco::JSON::Object::Ptr& input);

/** The remote URL and host of a repository on web_base_url. */
std::string remote_url(const Config& config, const std::string& full_name);

}  // namespace hsd::plugins::github
