#include "plugin_descriptor.hpp"

#include <hsd/sdk.hpp>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::param;

constexpr hsd_param_desc kOAuthStartParams[] = {
    param("redirect_uri", "string", true, nullptr, "Where GitHub sends the user back with ?code=&state="),
    param("state", "string", true, nullptr, "Opaque anti-CSRF value GitHub echoes back"),
};
constexpr hsd_param_desc kConnectParams[] = {
    param("token", "string", false, nullptr, "A personal access token: classic ghp_... or fine-grained github_pat_...",
          HSD_PARAM_SECRET | HSD_PARAM_DIRECT_REQUIRED),
    param("code", "string", false, nullptr, "The OAuth authorization code from the redirect",
          HSD_PARAM_SECRET | HSD_PARAM_FLOW),
    param("redirect_uri", "string", false, nullptr, "The redirect URI oauth_start was given (with code)", HSD_PARAM_FLOW),
    param("code_verifier", "string", false, nullptr, "The PKCE verifier from oauth_start's connect_params (with code)",
          HSD_PARAM_SECRET | HSD_PARAM_FLOW),
    param("device_code", "string", false, nullptr, "The device code from device_start", HSD_PARAM_SECRET | HSD_PARAM_FLOW),
    param("interval", "integer", false, nullptr, "Seconds between polls, from device_start (with device_code)",
          HSD_PARAM_FLOW),
    param("expires_in", "integer", false, nullptr, "Seconds the device code lives, from device_start (with device_code)",
          HSD_PARAM_FLOW),
};
constexpr hsd_param_desc kRepoStatusParams[] = {
    param("repository", "string", true, nullptr, "The repository: its numeric id, or OWNER/NAME"),
    param("with_branches", "boolean", false, "false", "Also list the repository's branch names"),
    param("full_name", "string", false, "\"\"",
          "The OWNER/NAME the caller knows it by: named in messages, and reported as renamed_from when it moved"),
};
constexpr hsd_param_desc kBackupParams[] = {
    param("repository", "string", true, nullptr, "The repository's numeric id"),
    param("full_name", "string", true, nullptr, "The repository's OWNER/NAME as last known"),
    param("branch", "string", true, nullptr, "The branch the backup commits to (created when missing)"),
    param("path_prefix", "string", false, "\"\"", "The folder in the repository the backup writes under"),
    param("source_plugin", "string", true, nullptr, "The source connection's plugin id"),
    param("source_account_id", "string", true, nullptr, "The source connection's account id"),
    param("source_account_name", "string", false, nullptr, "The source connection's account name"),
    param("source_label", "string", false, nullptr, "The source connection's label"),
};

constexpr hsd_param_desc kBackupObjectsParams[] = {
    param("repository", "string", true, nullptr, "The repository's numeric id"),
    param("full_name", "string", true, nullptr, "The repository's OWNER/NAME as last known"),
    param("path_prefix", "string", false, "\"\"", "The folder in the repository the backup was written under"),
    param("source_plugin", "string", true, nullptr, "The backed-up connection's plugin id"),
    param("source_account_id", "string", true, nullptr, "The backed-up connection's account id"),
    param("ref", "string", true, nullptr, "A branch, a tag, or a full or abbreviated commit sha"),
    param("types", "string_list", false, nullptr, "Only the objects of these types (absent or empty: every type)"),
};

}  // namespace

const char* const kManifest = R"json({
  "display_name": "GitHub",
  "noun": "account",
  "auth_types": [{"value": "oauth", "label": "OAuth app"},
                 {"value": "token", "label": "Personal access token"}],
  "secret_outputs": ["device_code", "code_verifier"],
  "token_patterns": [{"prefix": "ghp_", "regex": "ghp_[A-Za-z0-9]{20,}"},
                     {"prefix": "gho_", "regex": "gho_[A-Za-z0-9]{20,}"},
                     {"prefix": "ghu_", "regex": "ghu_[A-Za-z0-9]{20,}"},
                     {"prefix": "ghr_", "regex": "ghr_[A-Za-z0-9]{20,}"},
                     {"prefix": "github_pat_", "regex": "github_pat_[A-Za-z0-9_]{20,}"}]
})json";

const hsd_action_desc kActions[kActionCount] = {
    hsd::sdk::action("oauth_start", "Builds GitHub's authorize URL (with a PKCE challenge)", kOAuthStartParams),
    hsd::sdk::action("device_start", "Asks GitHub for a device code the user enters at github.com/login/device"),
    hsd::sdk::action("connect", "Checks a token, or exchanges an OAuth code or device code, and describes the account",
                     kConnectParams),
    hsd::sdk::action("refresh", "Exchanges the refresh token for new access and refresh tokens (they rotate)"),
    hsd::sdk::action("revoke", "Revokes an OAuth token (tokens given directly: nothing to do)"),
    hsd::sdk::action("repos_available", "Lists the accounts and repositories the connection can reach"),
    hsd::sdk::action("repo_status", "Checks that a repository exists, is reachable and accepts backups",
                     kRepoStatusParams),
    hsd::sdk::action("backup", "Commits the bound snapshot's objects to a branch and pushes", kBackupParams),
    hsd::sdk::action("backup_objects", "Reads back (emits) every object a backup wrote for one account at a ref",
                     kBackupObjectsParams),
};

}  // namespace hsd::plugins::github
