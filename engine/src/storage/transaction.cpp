#include "hsd/engine/log.hpp"
#include "hsd/engine/storage.hpp"

namespace hsd::engine {

Result<Transaction> Transaction::begin(Session& session) {
  HSD_TRY(session.begin());
  return Transaction(session);
}

Transaction::Transaction(Transaction&& other) noexcept : session_(other.session_) {
  other.session_ = nullptr;
}

Transaction::~Transaction() {
  if (!session_) return;
  Status rolled_back = session_->rollback();
  if (!rolled_back) {
    // Closing the session rolls back too; the line tells an operator why a write vanished.
    log::warn("engine.storage", "rolling back an abandoned transaction failed",
              {{"error", rolled_back.error().message}});
  }
}

Status Transaction::commit() {
  if (!session_) return make_error(ErrorCode::invalid_argument, "the transaction is already over");
  Session* session = session_;
  session_ = nullptr;
  // A failed COMMIT leaves the transaction open; roll it back so the session stays usable.
  Status committed = session->commit();
  if (!committed) (void)session->rollback();
  return committed;
}

Status Transaction::rollback() {
  if (!session_) return make_error(ErrorCode::invalid_argument, "the transaction is already over");
  Session* session = session_;
  session_ = nullptr;
  return session->rollback();
}

}  // namespace hsd::engine
