#include "backup_objects_action.hpp"

#include "backup_action.hpp"
#include "backup/errors.hpp"
#include "link_header.hpp"
#include "params.hpp"
#include "repo_status.hpp"
#include "repository.hpp"
#include "token_source.hpp"

#include <hsd/plugins/support/json_reader.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::fail;
using hsd::sdk::json_string;
using hsd::sdk::Status;

// The optional `types` param: an array of type names; absent, null or empty: every type.
hsd::sdk::Result<std::vector<std::string>> read_types(const Params& p, const Poco::JSON::Object::Ptr& params) {
  std::vector<std::string> types;
  if (!p.has("types")) return types;
  const auto array = params->getArray("types");
  if (!array) return p.bad("types", "must be an array of type names");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto item = array->get(static_cast<unsigned>(i));
    if (!item.isString() || item.extract<std::string>().empty()) {
      return p.bad("types", "must hold only non-empty strings (item " + std::to_string(i) + " is not one)");
    }
    types.push_back(item.extract<std::string>());
  }
  return types;
}

// 40 hexadecimal digits: a commit's full name, which no push or fetch can make name another.
bool full_sha(const std::string& ref) {
  return ref.size() == 40 && std::all_of(ref.begin(), ref.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

}  // namespace

Status run_backup_objects(const hsd::sdk::Context& context, ApiClient& api, const BackupReader& reader,
                          const Poco::JSON::Object::Ptr& input) {
  const Params p("backup_objects", support::json_child(input, "params"));
  auto location = read_backup_location(p);
  if (!location) return location.failure();
  auto ref = p.required_string("ref");
  if (!ref) return ref.failure();
  auto types = read_types(p, support::json_child(input, "params"));
  if (!types) return types.failure();
  const std::vector<std::string>& wanted = *types;

  const std::string data_dir = support::json_string_field(input, "data_dir").value_or("");
  if (data_dir.empty()) return fail(HSD_ERR_INVALID_ARGUMENT, "backup_objects: the engine gave no data_dir for the mirror");
  const auto connection = support::json_child(input, "connection");
  const std::string connection_id = support::json_string_field(connection, "id").value_or("");
  if (!safe_path_part(connection_id)) {
    return fail(HSD_ERR_INVALID_ARGUMENT, "backup_objects: the input's connection lacks a usable id");
  }
  if (!reader) return fail(HSD_ERR_UNSUPPORTED, "this build of the github plugin cannot read backups");

  backup::Source source{location->source_plugin, location->source_account_id, "", ""};
  backup::Hooks hooks;
  hooks.cancelled = [&context] { return context.cancelled(); };
  hooks.log = [&context](hsd_log_level level, std::string_view message) { context.log(level, message); };
  if (!wanted.empty()) {
    hooks.wants_type = [&wanted](std::string_view type) {
      return std::find(wanted.begin(), wanted.end(), type) != wanted.end();
    };
  }

  // Each object goes to the host as it is read (emit_object), so that neither the plugin nor
  // the engine builds one output holding the whole backup; the output only describes the read.
  std::size_t emitted = 0;
  // The reader skips the files of unwanted types (hooks.wants_type); the check here holds for a
  // reader that does not.
  const backup::ReadVisitor visit = [&context, &wanted, &emitted](const backup::ReadObject& o) -> Status {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), o.type) == wanted.end()) return {};
    ++emitted;
    return context.emit(o.type, o.id, o.name, o.data);
  };

  // A full commit sha the backup's mirror already holds is read from the mirror alone: no
  // repository check, no token, no remote (a commit is addressed by its hash, so the remote can
  // change nothing about it). This is how the engine reads a backup's further types once the
  // first read pinned its commit. The mirror is this connection's own copy of what its backups
  // pushed or fetched, so the read discloses nothing the connection did not already hold; a
  // repository it no longer reaches is found by the next read of a branch, tag or short sha.
  // Any other ref, or a commit the mirror lacks, goes through the check and the remote below.
  std::string full_name = location->full_name;
  std::string renamed_from;
  std::optional<backup::ReadResult> read;
  if (full_sha(*ref)) {
    backup::Target local;
    local.mirror_only = true;
    local.path_prefix = location->path_prefix;
    local.mirror_dir = mirror_dir(data_dir, connection_id, location->repository);
    local.full_name = location->full_name;
    std::error_code ec;
    if (std::filesystem::is_directory(local.mirror_dir, ec)) {
      auto result = reader(local, source, *ref, visit, hooks);
      if (result) {
        read = std::move(*result);
      } else if (result.failure().code != backup::kNotInMirror) {
        return result.failure();
      }
    }
  }

  if (!read) {
    // Reading needs no push permission, only a repository the connection still reaches.
    auto check = check_repository(api, location->repository, false, location->full_name);
    if (!check) return check.failure();
    if (!check->connected() && check->reason != "archived") return check_failure(*check);
    const Repository& repo = *check->repository;

    TokenSource tokens = TokenSource::connection(context);
    auto token = tokens.get();
    if (!token) return token.failure();

    backup::Target target;
    target.remote_url = remote_url(api.config(), repo.full_name);
    target.allowed_host = url_authority(api.config().web_base_url);
    target.token = *token;
    target.path_prefix = location->path_prefix;
    // The backup's own mirror: what a backup fetched or pushed is already there.
    target.mirror_dir = mirror_dir(data_dir, connection_id, repo.id);
    target.full_name = repo.full_name;
    auto result = reader(target, source, *ref, visit, hooks);
    if (!result) return result.failure();
    read = std::move(*result);
    full_name = repo.full_name;
    renamed_from = check->renamed_from;
  }
  const backup::ReadResult* result = &*read;
  for (const std::string& w : result->warnings) context.warn(w);

  std::string out = "{\"commit\":" + json_string(result->commit) + ",\"ref_kind\":" + json_string(result->ref_kind) +
                    ",\"folder\":" + json_string(result->folder) + ",\"full_name\":" + json_string(full_name) +
                    ",\"object_count\":" + std::to_string(emitted);
  if (!renamed_from.empty()) out += ",\"renamed_from\":" + json_string(renamed_from);
  if (!result->warnings.empty()) {
    out += ",\"warnings\":[";
    for (std::size_t i = 0; i < result->warnings.size(); ++i) out += (i ? "," : "") + json_string(result->warnings[i]);
    out += "]";
  }
  out += "}";
  context.set_output(out);
  return {};
}

}  // namespace hsd::plugins::github
