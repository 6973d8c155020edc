// PluginCall is a call into a plugin on behalf of a connection: objects go to the snapshot
// being built, progress to the connection and the observer, and credential requests to the
// credential service, which refreshes them when needed.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "credential_service.hpp"
#include "hsd/engine/call_context.hpp"
#include "run_observer.hpp"
#include "snapshot_writer.hpp"

namespace hsd::engine {

class PluginCall final : public CallContext {
 public:
  // session_mutex guards the session: the snapshot writer's thread uses it too.
  PluginCall(CredentialService& credentials, Session& session, std::mutex& session_mutex,
             std::optional<std::int64_t> connection_id, SnapshotWriter* writer, RunObserver* observer,
             std::chrono::steady_clock::time_point deadline)
      : credentials_(credentials), session_(session), session_mutex_(session_mutex), connection_id_(connection_id),
        writer_(writer), observer_(observer), deadline_(deadline) {}

  hsd_status on_object(const hsd_object& object) override;
  void on_progress(std::string_view type, std::uint64_t done, std::uint64_t total) override;
  hsd_status on_credentials(std::uint32_t flags, std::string& out_json) override;
  hsd_status on_read_objects(std::string_view query_json, hsd_object_fn on_object, void* user) override;

  // Lets the plugin read (read_objects) the current snapshot of another connection, e.g. a
  // backup's source; the caller has checked that the run may see it.
  void bind_snapshot_of(std::int64_t connection_id) { read_connection_ = connection_id; }

  // The provider's refusal of a refresh the plugin asked for (reason reauth_required), if any.
  // Read it once invoke has returned: the plugin's own error about the call hides that cause.
  std::optional<Error> refresh_refusal() const {
    std::lock_guard lock(session_mutex_);
    return refresh_refusal_;
  }

 private:
  void check_deadline();

  CredentialService& credentials_;
  Session& session_;
  std::mutex& session_mutex_;
  std::optional<std::int64_t> connection_id_;
  SnapshotWriter* writer_;
  RunObserver* observer_;
  std::chrono::steady_clock::time_point deadline_;
  std::optional<std::int64_t> read_connection_;
  std::optional<Error> refresh_refusal_;  // guarded by session_mutex_
  // Guards last_saved_ and the observer: a plugin may report from several threads.
  std::mutex progress_mutex_;
  std::chrono::steady_clock::time_point last_saved_{};
};

}  // namespace hsd::engine
