#include "remote_session.hpp"

#include "errors.hpp"

namespace hsd::plugins::github::backup {
namespace {

int on_credentials(git_credential** out, const char* url, const char* user, unsigned int types, void* payload) {
  return acquire_credential(out, url, user, types, &static_cast<RemoteSession*>(payload)->credentials);
}

int stop_if_cancelled(void* payload) {
  auto* session = static_cast<RemoteSession*>(payload);
  if (!session->cancel_requested()) return 0;
  session->stopped = true;
  git_error_set_str(GIT_ERROR_CALLBACK, "the backup was cancelled");
  return GIT_EUSER;
}

// What the server prints on the "remote:" channel (a hook's reason for refusing a ref, e.g.
// GitHub's "GH006: Protected branch update failed"), kept to explain a refusal.
int on_sideband(const char* text, int length, void* payload) {
  auto* session = static_cast<RemoteSession*>(payload);
  if (text != nullptr && length > 0 && session->server_messages.size() < RemoteSession::kMaxServerMessages) {
    session->server_messages.append(text, static_cast<size_t>(length));
  }
  return stop_if_cancelled(payload);
}
int on_transfer(const git_indexer_progress*, void* payload) { return stop_if_cancelled(payload); }
int on_pack(int, uint32_t, uint32_t, void* payload) { return stop_if_cancelled(payload); }
int on_push_transfer(unsigned int, unsigned int, size_t, void* payload) { return stop_if_cancelled(payload); }

int on_update_reference(const char* refname, const char* status, void* payload) {
  auto* session = static_cast<RemoteSession*>(payload);
  if (status != nullptr) {
    session->refused.emplace_back(refname ? refname : "", status);
  } else {
    session->accepted.emplace_back(refname ? refname : "");
  }
  return 0;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

RemoteSession::RemoteSession(const Target& target, const Hooks& h) : hooks(&h) {
  credentials.allowed_host = target.allowed_host;
  credentials.token = target.token;
}

bool RemoteSession::cancel_requested() { return hooks->cancelled && hooks->cancelled(); }

git_remote_callbacks RemoteSession::callbacks() {
  git_remote_callbacks cb;
  git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
  cb.credentials = on_credentials;
  cb.sideband_progress = on_sideband;
  cb.transfer_progress = on_transfer;
  cb.pack_progress = on_pack;
  cb.push_transfer_progress = on_push_transfer;
  cb.push_update_reference = on_update_reference;
  cb.payload = this;
  return cb;
}

std::string RemoteSession::scrub(std::string message) const {
  const std::string& token = credentials.token;
  if (token.empty()) return message;
  for (std::size_t at = message.find(token); at != std::string::npos; at = message.find(token, at)) {
    message.replace(at, token.size(), "***");
  }
  return message;
}

sdk::Failure RemoteSession::failure(std::string_view what, const GitError& error) const {
  const std::string message = scrub(describe(what, error));
  if (stopped || (error.code == GIT_EUSER && hooks->cancelled && hooks->cancelled())) return cancelled_failure();
  if (credentials.host_refused) {
    return auth_failed(std::string(what) + ": the server '" + credentials.refused_host +
                       "' asked for credentials; the token is only sent to '" + credentials.allowed_host + "'");
  }
  if (error.code == GIT_EAUTH || credentials.exhausted) return auth_failed(message);
  const std::string_view m = error.message;
  if (contains(m, "401") || contains(m, "authentication")) return auth_failed(message);
  if (contains(m, "403")) return push_refused(message);
  if (contains(m, "404") || contains(m, "could not find repository") || contains(m, "not found")) {
    return make_failure(HSD_ERR_NOT_FOUND, "REPOSITORY_NOT_FOUND", message);
  }
  if (error.code == GIT_ECERTIFICATE || error.klass == GIT_ERROR_NET ||
      error.klass == GIT_ERROR_HTTP || error.klass == GIT_ERROR_SSL || error.klass == GIT_ERROR_SSH ||
      error.klass == GIT_ERROR_OS) {
    return git_unavailable(message);
  }
  return git_failed(message);
}

std::string RemoteSession::server_said() const {
  std::string out;
  std::string line;
  auto flush = [&] {
    const auto start = line.find_first_not_of(" \t");
    // Progress lines ("Resolving deltas: 100% (3/3)") say nothing about a refusal.
    const bool progress = line.find('%') != std::string::npos;
    if (start != std::string::npos && !progress) out += (out.empty() ? "" : "; ") + line.substr(start);
    line.clear();
  };
  for (char c : server_messages) {
    if (c == '\n' || c == '\r') {
      flush();
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      line += c;
    }
  }
  flush();
  return out;
}

}  // namespace hsd::plugins::github::backup
