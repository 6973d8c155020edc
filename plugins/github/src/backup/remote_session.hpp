// The callbacks of one fetch or push: credentials (credentials.hpp), cancellation through the
// progress callbacks, and the server's verdict per ref (libgit2 returns 0 when the server
// refuses a ref; the refusal only arrives through push_update_reference).
#pragma once

#include "backup.hpp"
#include "credentials.hpp"
#include "git_util.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hsd::plugins::github::backup {

struct RemoteSession {
  RemoteSession(const Target& target, const Hooks& hooks);

  CredentialState credentials;
  const Hooks* hooks;
  bool stopped = false;  // a callback stopped the transfer because the call was cancelled
  std::vector<std::pair<std::string, std::string>> refused;  // ref, the server's status
  std::vector<std::string> accepted;
  static constexpr size_t kMaxServerMessages = 4096;
  std::string server_messages;  // the server's "remote:" lines, the first 4 KiB

  // The server's messages as one line each, separated by "; " (empty when it said nothing).
  std::string server_said() const;

  // Callbacks bound to this session (it must outlive their use).
  git_remote_callbacks callbacks();

  bool cancel_requested();

  // Removes the token from a message, should a server echo it.
  std::string scrub(std::string message) const;

  // The Failure for a failed libgit2 network call (what: "fetching the branch").
  sdk::Failure failure(std::string_view what, const GitError& error) const;
};

}  // namespace hsd::plugins::github::backup
