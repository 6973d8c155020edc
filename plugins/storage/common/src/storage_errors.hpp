// StorageError carries an hsd_status through a storage plugin's C++ code up to its trampoline,
// which turns it into host->set_error plus the returned status. Nothing else may escape.
#pragma once

#include <hsd/abi.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace hsd::plugins::storage {

class StorageError : public std::runtime_error {
 public:
  StorageError(hsd_status status, const std::string& message, bool retryable = false,
               std::string sqlstate = {})
      : std::runtime_error(message), status_(status), retryable_(retryable),
        sqlstate_(std::move(sqlstate)) {}

  hsd_status status() const { return status_; }
  bool retryable() const { return retryable_; }
  // The server's SQLSTATE when the error came from PostgreSQL, else empty.
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  hsd_status status_;
  bool retryable_;
  std::string sqlstate_;
};

[[noreturn]] inline void fail(hsd_status status, const std::string& message) {
  throw StorageError(status, message);
}

}  // namespace hsd::plugins::storage
