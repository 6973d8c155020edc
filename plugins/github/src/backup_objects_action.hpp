// The backup_objects action's glue: check the repository as repo_status does (it may have been
// renamed), then read one account's backup back at a ref through the plugin's mirror (never
// through GitHub's contents API) and emit every object (emit_object) with the file's text.
// A full commit sha the mirror holds is read from it without the check or the remote.
#pragma once

#include "api_client.hpp"
#include "connector.hpp"

#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>

namespace hsd::plugins::github {

/**
 * input: {"params": {repository, full_name, path_prefix?, source_plugin, source_account_id, ref,
 * types?}, "connection": {"id","account_name","account_id"}, "data_dir"}. Emits each object
 * (of the `types` asked for; every type when absent or empty) through emit_object as it is read,
 * and sets the output {"commit", "ref_kind", "folder", "full_name", "object_count",
 * "warnings"?: [...], "renamed_from"?}. Refusals: the check's reason as the code; the reader's
 * failures (INVALID_REF, REF_NOT_FOUND, BACKUP_NOT_FOUND, BACKUP_INDEX_INVALID, network) pass through.
 */
hsd::sdk::Status run_backup_objects(const hsd::sdk::Context& context, ApiClient& api, const BackupReader& reader,
                                    const Poco::JSON::Object::Ptr& input);

}  // namespace hsd::plugins::github
