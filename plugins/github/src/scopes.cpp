#include "scopes.hpp"

#include <algorithm>
#include <cctype>

namespace hsd::plugins::github {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

TokenKind token_kind(std::string_view token) {
  if (starts_with(token, "github_pat_")) return TokenKind::kFineGrained;
  if (starts_with(token, "ghp_")) return TokenKind::kClassic;
  if (starts_with(token, "gho_")) return TokenKind::kOAuth;
  if (starts_with(token, "ghu_")) return TokenKind::kAppUser;
  return TokenKind::kOther;
}

std::optional<std::string> token_problem(std::string_view token) {
  if (token.empty()) return "is empty";
  if (starts_with(token, "Bearer ") || starts_with(token, "bearer ") || starts_with(token, "token ")) {
    return "must be the token alone, without the 'Bearer ' or 'token ' prefix";
  }
  for (unsigned char c : token) {
    // Every GitHub token format is [A-Za-z0-9_]; anything else is a copy-paste accident.
    if (!std::isalnum(c) && c != '_') return "holds characters a GitHub token never has (spaces, quotes, ...)";
  }
  if (starts_with(token, "ghr_")) return "is a refresh token (ghr_...), not an access token";
  if (starts_with(token, "ghs_")) return "is an installation token (ghs_...), which expires within an hour; use a personal token";
  if (token.size() < 20 || token.size() > 255) return "has the wrong length for a GitHub token";
  return std::nullopt;
}

std::vector<std::string> parse_scopes_header(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const size_t comma = value.find(',');
    std::string scope = trim(value.substr(0, comma));
    if (!scope.empty()) out.push_back(std::move(scope));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

bool scope_granted(const std::string& scope, const std::vector<std::string>& granted) {
  auto has = [&](const std::string& s) { return std::find(granted.begin(), granted.end(), s) != granted.end(); };
  if (has(scope)) return true;
  if (scope == "read:org") return has("write:org") || has("admin:org");
  if (scope == "write:org") return has("admin:org");
  if (scope == "public_repo") return has("repo");
  if (scope == "read:user" || scope == "user:email") return has("user");
  return false;
}

std::vector<std::string> missing_scope_warnings(const std::vector<std::string>& requested,
                                                const std::vector<std::string>& granted) {
  std::vector<std::string> warnings;
  for (const auto& scope : requested) {
    if (scope_granted(scope, granted)) continue;
    if (scope == "repo") {
      warnings.push_back("missing scope repo: private repositories cannot be listed or backed up");
    } else if (scope == "read:org") {
      warnings.push_back("missing scope read:org: organisation repositories are not listed");
    } else {
      warnings.push_back("missing scope " + scope + ": it was requested but not granted");
    }
  }
  return warnings;
}

}  // namespace hsd::plugins::github
