// StorageError carries an hsd_status through the plugin's C++ code up to the trampoline,
// which turns it into host->set_error plus the returned status. Nothing else may escape.
#pragma once

#include <hsd/abi.h>

#include <stdexcept>
#include <string>

namespace hsd::plugins::sqlite {

class StorageError : public std::runtime_error {
 public:
  StorageError(hsd_status status, const std::string& message, bool retryable = false)
      : std::runtime_error(message), status_(status), retryable_(retryable) {}

  hsd_status status() const { return status_; }
  bool retryable() const { return retryable_; }

 private:
  hsd_status status_;
  bool retryable_;
};

[[noreturn]] inline void fail(hsd_status status, const std::string& message) {
  throw StorageError(status, message);
}

}  // namespace hsd::plugins::sqlite
