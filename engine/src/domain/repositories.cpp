#include "repositories.hpp"

#include <algorithm>
#include <cctype>

#include "comparisons.hpp"
#include "connection_action.hpp"
#include "connections.hpp"

namespace hsd::engine {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool is_number(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// A status answer a repository cannot be added with: the reason decides how it reads in the
// API (a repository that is gone is 404, a token refused is 403, a rate limit is 429).
Error refusal(const std::string& name, const JsonObject& status) {
  const auto reason = status->optValue<std::string>("reason", "");
  const auto detail = status->optValue<std::string>("detail", "the repository cannot be used");
  ErrorCode code = ErrorCode::invalid_argument;
  if (reason == "not_found") code = ErrorCode::not_found;
  if (reason == "access_revoked" || reason == "sso_required") code = ErrorCode::permission_denied;
  if (reason == "rate_limited") code = ErrorCode::rate_limited;
  Error error = make_error(code, "repository " + name + ": " + detail);
  error.reason = reason;
  return error;
}

Result<JsonObject> repo_status(Engine& engine, CredentialService& credentials, Session& session,
                               const JsonObject& connection, const std::string& repository, bool with_branches,
                               const std::string& known_name = "") {
  JsonObject params = new Poco::JSON::Object;
  params->set("repository", repository);
  params->set("with_branches", with_branches);
  if (!known_name.empty()) params->set("full_name", known_name);
  auto status = run_connection_action(engine, credentials, session, connection, "repo_status", params);
  if (!status) return status.error();
  const auto value = (*status)->optValue<std::string>("status", "");
  if (value != "connected" && value != "error") {
    return make_error(ErrorCode::internal, "plugin '" + connection->getValue<std::string>("plugin") +
                                               "' answered repo_status without a status of connected or error");
  }
  return status;
}

Status require_vcs(const JsonObject& connection) {
  if (connection->getValue<std::string>("kind") == "vcs_target") return {};
  return make_error(ErrorCode::invalid_argument, "connection " + connection->get("id").toString() + " ('" +
                                                     connection->getValue<std::string>("label") +
                                                     "') is not a VCS connection; repositories belong to one");
}

}  // namespace

JsonObject repository_view(const JsonObject& row) {
  JsonObject view = new Poco::JSON::Object;
  view->set("id", row->get("id"));
  view->set("connection", row->get("connection_id"));
  if (row->has("workspace_id")) view->set("workspace", row->get("workspace_id"));
  view->set("repository", row->get("external_id"));
  view->set("full_name", row->get("full_name"));
  view->set("default_branch", row->get("default_branch"));
  view->set("status", row->get("status"));
  view->set("status_reason", row->get("status_reason"));
  view->set("status_detail", row->get("status_detail"));
  view->set("last_checked_at", time_or_null(row, "last_checked_at"));
  view->set("created_at", time_or_null(row, "created_at"));
  return view;
}

Result<std::vector<JsonObject>> list_repositories(Session& session, std::optional<std::int64_t> connection_id,
                                                  std::optional<std::int64_t> workspace_id) {
  std::vector<JsonObject> connections;
  if (connection_id) {
    auto row = session.get("connections", *connection_id);
    if (!row) return row.error();
    connections.push_back(*row);
  } else {
    auto rows = list_connections(session, workspace_id);
    if (!rows) return rows.error();
    connections = std::move(*rows);
  }
  std::vector<JsonObject> out;
  for (const auto& connection : connections) {
    if (connection->getValue<std::string>("kind") != "vcs_target") continue;
    Query query;
    query.where.set("connection_id", connection->getValue<std::int64_t>("id"));
    auto rows = session.find("repositories", query);
    if (!rows) return rows.error();
    for (auto& row : *rows) {
      row->set("workspace_id", connection->get("workspace_id"));
      out.push_back(row);
    }
  }
  return out;
}

Result<RepositoryRef> find_repository(Session& session, std::int64_t repository_id) {
  auto repository = session.get("repositories", repository_id);
  if (!repository) {
    if (repository.error().code == ErrorCode::not_found) {
      return make_error(ErrorCode::not_found, "no repository " + std::to_string(repository_id));
    }
    return repository.error();
  }
  auto connection = session.get("connections", (*repository)->getValue<std::int64_t>("connection_id"));
  if (!connection) return connection.error();
  (*repository)->set("workspace_id", (*connection)->get("workspace_id"));
  return RepositoryRef{*repository, *connection};
}

Result<RepositoryRef> find_repository_in_workspace(Session& session, std::int64_t workspace_id,
                                                   const std::string& ref) {
  if (is_number(ref)) {
    auto found = find_repository(session, std::stoll(ref));
    if (found && found->connection->getValue<std::int64_t>("workspace_id") == workspace_id) return found;
    if (!found && found.error().code != ErrorCode::not_found) return found.error();
  }
  auto all = list_repositories(session, std::nullopt, workspace_id);
  if (!all) return all.error();
  std::vector<JsonObject> matches;
  for (const auto& row : *all) {
    if (lower(row->getValue<std::string>("full_name")) == lower(ref)) matches.push_back(row);
  }
  if (matches.empty()) {
    return make_error(ErrorCode::not_found,
                      "no repository '" + ref + "' in this workspace; add it first with `repos add`");
  }
  if (matches.size() > 1) {
    return make_error(ErrorCode::conflict, "repository '" + ref + "' was added through " +
                                               std::to_string(matches.size()) +
                                               " connections; name it by its repository id instead");
  }
  return find_repository(session, matches.front()->getValue<std::int64_t>("id"));
}

Result<JsonObject> available_repositories(Engine& engine, CredentialService& credentials, Session& session,
                                          const JsonObject& connection) {
  HSD_TRY(require_vcs(connection));
  auto output = run_connection_action(engine, credentials, session, connection, "repos_available",
                                      JsonObject(new Poco::JSON::Object));
  if (!output) return output.error();
  auto stored = list_repositories(session, connection->getValue<std::int64_t>("id"), std::nullopt);
  if (!stored) return stored.error();
  auto repositories = (*output)->getArray("repositories");
  if (!repositories) {
    repositories = new Poco::JSON::Array;
    (*output)->set("repositories", repositories);
  }
  for (std::size_t i = 0; i < repositories->size(); ++i) {
    auto repository = repositories->getObject(static_cast<unsigned>(i));
    if (!repository) continue;
    const auto id = repository->get("id").toString();
    Poco::Dynamic::Var added;
    for (const auto& row : *stored) {
      if (row->getValue<std::string>("external_id") == id) added = row->get("id");
    }
    repository->set("added", added);
  }
  return output;
}

Result<JsonObject> repository_branches(Engine& engine, CredentialService& credentials, Session& session,
                                       const JsonObject& connection, const std::string& repository) {
  HSD_TRY(require_vcs(connection));
  if (repository.empty() || (!is_number(repository) && repository.find('/') == std::string::npos)) {
    return make_error(ErrorCode::invalid_argument,
                      "repository: '" + repository + "' is not OWNER/NAME or a repository id");
  }
  auto status = repo_status(engine, credentials, session, connection, repository, true);
  if (!status) return status.error();
  // An archived repository still has branches to show; add_repository says what it allows.
  if ((*status)->getValue<std::string>("status") == "error" && (*status)->optValue<std::string>("reason", "") != "archived") {
    return refusal(repository, *status);
  }
  auto described = (*status)->getObject("repository");
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("repository", described ? described->optValue<std::string>("full_name", repository) : repository);
  view->set("default_branch", described ? described->optValue<std::string>("default_branch", "") : std::string());
  view->set("branches", to_array(string_list(*status, "branches")));
  return view;
}

Result<JsonObject> add_repository(Engine& engine, CredentialService& credentials, Session& session,
                                  const JsonObject& connection, const AddRepositoryRequest& request) {
  HSD_TRY(require_vcs(connection));
  if (request.repository.empty()) {
    return make_error(ErrorCode::invalid_argument, "repository: give OWNER/NAME or the repository's id");
  }
  if (!is_number(request.repository) && request.repository.find('/') == std::string::npos) {
    return make_error(ErrorCode::invalid_argument,
                      "repository: '" + request.repository + "' is not OWNER/NAME or a repository id");
  }
  auto status = repo_status(engine, credentials, session, connection, request.repository, true);
  if (!status) return status.error();
  const auto reason = (*status)->optValue<std::string>("reason", "");
  if ((*status)->getValue<std::string>("status") == "error" && reason != "archived") {
    return refusal(request.repository, *status);
  }
  auto described = (*status)->getObject("repository");
  if (!described || described->optValue<std::string>("id", "").empty()) {
    return make_error(ErrorCode::internal, "the plugin described no repository for " + request.repository);
  }
  const auto full_name = described->getValue<std::string>("full_name");
  std::string branch = request.branch;
  if (branch.empty()) branch = described->optValue<std::string>("default_branch", "");
  const auto branches = string_list(*status, "branches");
  // An empty repository has no branch yet: the first backup creates the one named here.
  if (!request.branch.empty() && !branches.empty() &&
      std::find(branches.begin(), branches.end(), request.branch) == branches.end()) {
    std::string known;
    for (std::size_t i = 0; i < branches.size() && i < 20; ++i) known += (i ? ", " : "") + branches[i];
    return make_error(ErrorCode::invalid_argument,
                      "branch: " + full_name + " has no branch '" + request.branch + "'; it has " + known);
  }
  if (branch.empty()) branch = "main";

  Poco::JSON::Object record;
  record.set("connection_id", connection->getValue<std::int64_t>("id"));
  record.set("external_id", described->get("id").toString());
  record.set("full_name", full_name);
  record.set("default_branch", branch);
  record.set("status", (*status)->getValue<std::string>("status"));
  record.set("status_reason", reason);
  record.set("status_detail", (*status)->optValue<std::string>("detail", ""));
  record.set("last_checked_at", now_ms());
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto row = session.insert("repositories", record);
  if (!row) {
    if (row.error().code == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict, "repository " + full_name + " is already added to connection " +
                                                 connection->get("id").toString());
    }
    return row.error();
  }
  const auto workspace = connection->getValue<std::int64_t>("workspace_id");
  audit(session, workspace, request.actor, "repository.add", "repository", (*row)->get("id").toString(),
        "{\"full_name\":" + stringify(Poco::Dynamic::Var(full_name)) + "}");
  HSD_TRY(transaction->commit());
  (*row)->set("workspace_id", workspace);
  JsonObject view = repository_view(*row);
  view->set("warnings", to_array(string_list(*status, "warnings")));
  return view;
}

Result<JsonObject> record_repository_status(Session& session, const JsonObject& repository, const JsonObject& status) {
  Poco::JSON::Object patch;
  patch.set("status", status->optValue<std::string>("status", "error"));
  patch.set("status_reason", status->optValue<std::string>("reason", ""));
  patch.set("status_detail", status->optValue<std::string>("detail", ""));
  patch.set("last_checked_at", now_ms());
  // The provider's id stays; its name follows a rename or a transfer.
  if (auto described = status->getObject("repository")) {
    const auto full_name = described->optValue<std::string>("full_name", "");
    if (!full_name.empty() && described->get("id").toString() == repository->getValue<std::string>("external_id")) {
      patch.set("full_name", full_name);
    }
  }
  auto row = session.update("repositories", repository->getValue<std::int64_t>("id"), patch);
  if (!row) return row.error();
  if (repository->has("workspace_id")) (*row)->set("workspace_id", repository->get("workspace_id"));
  return row;
}

Result<JsonObject> check_repository(Engine& engine, CredentialService& credentials, Session& session,
                                    const RepositoryRef& ref) {
  auto status = repo_status(engine, credentials, session, ref.connection,
                            ref.repository->getValue<std::string>("external_id"), false,
                            ref.repository->getValue<std::string>("full_name"));
  if (!status) return status.error();
  return record_repository_status(session, ref.repository, *status);
}

Status remove_repository(Session& session, const RepositoryRef& ref, const Actor& actor) {
  const auto id = ref.repository->getValue<std::int64_t>("id");
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  Query users;
  users.where.set("repository_id", id);
  auto backups = session.find("backup_configs", users);
  if (!backups) return backups.error();
  if (!backups->empty()) {
    std::string ids;
    for (const auto& backup : *backups) ids += (ids.empty() ? "" : ", ") + backup->get("id").toString();
    return make_error(ErrorCode::conflict, "repository " + ref.repository->getValue<std::string>("full_name") +
                                               " is the target of backup " + ids + "; remove those first");
  }
  // Comparisons that read a backup from it, and watches against it, go with it (as the UI's
  // confirmation counts them: repository_deletion_impact).
  HSD_TRY(delete_repository_comparisons(session, id));
  HSD_TRY(session.remove("repositories", id));
  audit(session, ref.connection->getValue<std::int64_t>("workspace_id"), actor, "repository.remove", "repository",
        std::to_string(id), "{\"full_name\":" + stringify(ref.repository->get("full_name")) + "}");
  return transaction->commit();
}

}  // namespace hsd::engine
