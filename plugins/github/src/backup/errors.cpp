#include "errors.hpp"

#include <utility>

namespace hsd::plugins::github::backup {

sdk::Failure make_failure(hsd_status status, const char* code, std::string message, bool retryable) {
  sdk::Failure f = sdk::fail(status, std::move(message), retryable);
  f.code = code;
  return f;
}

sdk::Failure auth_failed(std::string message) {
  return make_failure(HSD_ERR_UNAUTHENTICATED, kAuthFailed, std::move(message));
}

sdk::Failure push_refused(std::string message) {
  return make_failure(HSD_ERR_PERMISSION_DENIED, kPushRefused, std::move(message));
}

sdk::Failure not_fast_forward(std::string message) {
  return make_failure(HSD_ERR_CONFLICT, kNotFastForward, std::move(message), true);
}

sdk::Failure git_unavailable(std::string message) {
  return make_failure(HSD_ERR_UNAVAILABLE, kGitUnavailable, std::move(message), true);
}

sdk::Failure cancelled_failure() {
  return make_failure(HSD_ERR_CANCELLED, kCancelled, "the backup was cancelled");
}

sdk::Failure git_failed(std::string message) {
  return make_failure(HSD_ERR_INTERNAL, kGitFailed, std::move(message));
}

}  // namespace hsd::plugins::github::backup
