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

class Params;

/** Where one account's backup lives: the parameters both backup actions take. */
struct BackupLocation {
  std::string repository;  // the repository's numeric id
  std::string full_name;   // OWNER/NAME, as last known
  std::string path_prefix;
  std::string source_plugin;
  std::string source_account_id;
};

/** Reads and checks a BackupLocation from an action's params, naming the bad parameter. */
hsd::sdk::Result<BackupLocation> read_backup_location(const Params& p);

/** True for a name that is safe as one directory component (the connection id under data_dir). */
bool safe_path_part(const std::string& text);

/** A connection's mirror of a repository: what its backups fetched or pushed is already there. */
std::string mirror_dir(const std::string& data_dir, const std::string& connection_id, const std::string& repository_id);

}  // namespace hsd::plugins::github
