// Jobs::wait: a session that LISTENs on hsd_jobs and waits on its socket for a NOTIFY, in slices
// short enough to see the host's cancellation.
#include <hsd/abi.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "jobs.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

// The longest the wait goes without looking at cancelled().
constexpr std::int64_t kSliceMs = 250;

// Takes every notification libpq has read; true when there was one. (The session listens on
// hsd_jobs only.)
bool drain_notifications(PGconn* conn) {
  bool any = false;
  while (PGnotify* notification = PQnotifies(conn)) {
    PQfreemem(notification);
    any = true;
  }
  return any;
}

// LISTEN on the session's current connection, unless it does already. True when the session
// listened on an earlier connection: notifications sent meanwhile were missed.
bool listen(Session& session) {
  if (session.listening_generation == session.generation()) return false;
  const bool missed = session.listening_generation != 0;
  session.exec(std::string("LISTEN ") + kJobsChannel, "job_wait");
  session.listening_generation = session.generation();
  return missed;
}

}  // namespace

bool Jobs::wait(Session& session, std::int64_t timeout_ms, const std::function<bool()>& cancelled) {
  if (timeout_ms < 0) fail(HSD_ERR_INVALID_ARGUMENT, "job_wait: timeout_ms must not be negative");
  if (session.in_transaction()) {
    // Notifications reach a session only between its transactions.
    fail(HSD_ERR_INVALID_ARGUMENT, "job_wait inside a transaction: use a session of its own");
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  session.ensure_connected();
  if (listen(session)) return true;
  for (;;) {
    // What the server sent since the last look (between calls, too: it waited in the socket
    // or in libpq's queue).
    if (PQconsumeInput(session.conn()) == 0 || PQstatus(session.conn()) != CONNECTION_OK) {
      // Lost: listen again on a new connection (or UNAVAILABLE, when there is none to be had);
      // what was sent in between is unknown, so the caller should look.
      session.ensure_connected();
      listen(session);
      return true;
    }
    if (drain_notifications(session.conn())) return true;
    if (cancelled()) fail(HSD_ERR_CANCELLED, "job_wait was cancelled");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd socket{PQsocket(session.conn()), POLLIN, 0};
    poll(&socket, 1, static_cast<int>(std::min(left, kSliceMs)));
  }
}

}  // namespace hsd::plugins::postgres
