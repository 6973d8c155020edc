// The writer's failures: an hsd status, a short stable code and whether a retry may help.
#pragma once

#include <hsd/sdk.hpp>

#include <string>

namespace hsd::plugins::github::backup {

inline constexpr const char* kAuthFailed = "AUTH_FAILED";
inline constexpr const char* kPushRefused = "PUSH_REFUSED";
inline constexpr const char* kNotFastForward = "NOT_FAST_FORWARD";
inline constexpr const char* kGitUnavailable = "GIT_UNAVAILABLE";
inline constexpr const char* kCancelled = "CANCELLED";
inline constexpr const char* kGitFailed = "GIT_FAILED";
inline constexpr const char* kInvalidPathPrefix = "INVALID_PATH_PREFIX";
inline constexpr const char* kInvalidTarget = "INVALID_TARGET";
inline constexpr const char* kPathConflict = "PATH_CONFLICT";
inline constexpr const char* kMirrorBusy = "MIRROR_BUSY";
// Reading a backup back (read_backup.hpp).
inline constexpr const char* kRefNotFound = "REF_NOT_FOUND";
inline constexpr const char* kBackupNotFound = "BACKUP_NOT_FOUND";
inline constexpr const char* kBackupIndexInvalid = "BACKUP_INDEX_INVALID";
// A mirror_only read whose ref is not a full sha the mirror holds; the caller then reads with the remote.
inline constexpr const char* kNotInMirror = "NOT_IN_MIRROR";

sdk::Failure make_failure(hsd_status status, const char* code, std::string message, bool retryable = false);

sdk::Failure auth_failed(std::string message);
sdk::Failure push_refused(std::string message);
sdk::Failure not_fast_forward(std::string message);
sdk::Failure git_unavailable(std::string message);
sdk::Failure cancelled_failure();
sdk::Failure git_failed(std::string message);

}  // namespace hsd::plugins::github::backup
