#include "backup_action.hpp"

#include "link_header.hpp"
#include "params.hpp"
#include "repo_status.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::fail;
using hsd::sdk::Failure;
using hsd::sdk::json_string;
using hsd::sdk::Status;

// A branch name git and GitHub accept, checked before any network work.
bool valid_branch(const std::string& branch) {
  if (branch.empty() || branch.size() > 255 || branch.front() == '-' || branch.front() == '/' ||
      branch.back() == '/' || branch.back() == '.') {
    return false;
  }
  if (branch.find("..") != std::string::npos || branch.find("//") != std::string::npos ||
      branch.find("@{") != std::string::npos || branch == "@") {
    return false;
  }
  for (unsigned char c : branch) {
    if (c <= 0x20 || c == 0x7f || c == '~' || c == '^' || c == ':' || c == '?' || c == '*' || c == '[' || c == '\\') {
      return false;
    }
  }
  return branch.size() < 5 || branch.compare(branch.size() - 5, 5, ".lock") != 0;
}

bool valid_prefix(const std::string& prefix) {
  if (prefix.empty()) return true;
  if (prefix.front() == '/' || prefix.find('\\') != std::string::npos) return false;
  size_t start = 0;
  while (start <= prefix.size()) {
    const size_t end = prefix.find('/', start);
    const std::string part = prefix.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part == ".." || part == "." || part == ".git") return false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::string remote_url(const Config& config, const std::string& full_name) {
  return config.web_base_url + "/" + full_name + ".git";
}

// The connection id becomes a directory name: nothing that could climb out of data_dir.
bool safe_path_part(const std::string& text) {
  if (text.empty() || text.size() > 64 || text == "." || text == "..") return false;
  for (unsigned char c : text) {
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::string mirror_dir(const std::string& data_dir, const std::string& connection_id, const std::string& repository_id) {
  return data_dir + "/mirrors/" + connection_id + "/" + repository_id + ".git";
}

hsd::sdk::Result<BackupLocation> read_backup_location(const Params& p) {
  BackupLocation location;
  auto repository = p.required_string("repository");
  if (!repository) return repository.failure();
  if (!is_numeric_id(*repository)) return p.bad("repository", "must be the repository's numeric id");
  auto full_name = p.required_string("full_name");
  if (!full_name) return full_name.failure();
  if (!valid_full_name(*full_name)) return p.bad("full_name", "must be OWNER/NAME");
  auto path_prefix = p.optional_string("path_prefix", "");
  if (!path_prefix) return path_prefix.failure();
  if (!valid_prefix(*path_prefix)) return p.bad("path_prefix", "must be a relative folder without '.', '..' or '.git'");
  auto source_plugin = p.required_string("source_plugin");
  if (!source_plugin) return source_plugin.failure();
  auto source_account_id = p.required_string("source_account_id");
  if (!source_account_id) return source_account_id.failure();
  return BackupLocation{*repository, *full_name, *path_prefix, *source_plugin, *source_account_id};
}

Status run_backup(const hsd::sdk::Context& context, ApiClient& api, const BackupWriter& writer,
                  const Poco::JSON::Object::Ptr& input) {
  const Params p("backup", support::json_child(input, "params"));
  auto location = read_backup_location(p);
  if (!location) return location.failure();
  auto branch = p.required_string("branch");
  if (!branch) return branch.failure();
  if (!valid_branch(*branch)) return p.bad("branch", "is not a valid git branch name");
  auto source_account_name = p.optional_string("source_account_name");
  if (!source_account_name) return source_account_name.failure();
  auto source_label = p.optional_string("source_label");
  if (!source_label) return source_label.failure();

  const std::string data_dir = support::json_string_field(input, "data_dir").value_or("");
  if (data_dir.empty()) return fail(HSD_ERR_INVALID_ARGUMENT, "backup: the engine gave no data_dir for the mirror");
  const auto connection = support::json_child(input, "connection");
  const std::string connection_id = support::json_string_field(connection, "id").value_or("");
  const std::string login = support::json_string_field(connection, "account_name").value_or("");
  const std::string account_id = support::json_string_field(connection, "account_id").value_or("");
  if (!safe_path_part(connection_id) || login.empty() || account_id.empty()) {
    return fail(HSD_ERR_INVALID_ARGUMENT, "backup: the input's connection lacks a usable id, account_name or account_id");
  }
  if (!writer) return fail(HSD_ERR_UNSUPPORTED, "this build of the github plugin cannot write backups");

  // The same check as repo_status: a backup never starts against a repository it would fail on.
  auto check = check_repository(api, location->repository, false, location->full_name);
  if (!check) return check.failure();
  if (!check->connected()) return check_failure(*check);
  const Repository& repo = *check->repository;
  if (!repo.can_push()) {
    Failure failure;
    failure.status = HSD_ERR_PERMISSION_DENIED;
    failure.code = "PUSH_NOT_ALLOWED";
    failure.message = "no push permission on " + repo.full_name +
                      ": backups are refused (the account needs write access to the repository)";
    return failure;
  }

  TokenSource tokens = TokenSource::connection(context);
  auto token = tokens.get();
  if (!token) return token.failure();

  backup::Target target;
  target.remote_url = remote_url(api.config(), repo.full_name);
  target.allowed_host = url_authority(api.config().web_base_url);
  target.token = *token;
  target.branch = *branch;
  target.path_prefix = location->path_prefix;
  target.mirror_dir = mirror_dir(data_dir, connection_id, repo.id);
  target.full_name = repo.full_name;
  target.author_name = login;
  target.author_email = account_id + "+" + login + "@users.noreply.github.com";

  backup::Source source{location->source_plugin, location->source_account_id, *source_account_name, *source_label};
  const backup::ObjectSource objects = [&context](const backup::ObjectVisitor& visit) -> Status {
    return context.read_objects("{}", [&visit](const hsd::sdk::Context::StoredObject& stored) -> Status {
      return visit(backup::Object{stored.type, stored.id, stored.name, stored.data_json, stored.hash});
    });
  };
  backup::Hooks hooks;
  hooks.cancelled = [&context] { return context.cancelled(); };
  hooks.log = [&context](hsd_log_level level, std::string_view message) { context.log(level, message); };

  if (!check->renamed_from.empty()) {
    context.info("the repository " + check->renamed_from + " is now " + repo.full_name + "; backing up there");
  }
  auto outcome = writer(target, source, objects, hooks);
  if (!outcome) return outcome.failure();
  std::string out = "{\"commit\":" + json_string(outcome->commit) + ",\"parent\":" + json_string(outcome->parent) +
                    ",\"committed\":" + (outcome->committed ? "true" : "false") +
                    ",\"added\":" + std::to_string(outcome->added) + ",\"changed\":" + std::to_string(outcome->changed) +
                    ",\"removed\":" + std::to_string(outcome->removed) + ",\"files\":" + std::to_string(outcome->files) +
                    ",\"full_name\":" + json_string(repo.full_name) + ",\"branch\":" + json_string(*branch);
  if (!check->renamed_from.empty()) out += ",\"renamed_from\":" + json_string(check->renamed_from);
  context.set_output(out + "}");
  return {};
}

}  // namespace hsd::plugins::github
