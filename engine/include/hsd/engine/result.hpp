// Result<T>: the engine's way to return an expected failure without exceptions.
// Error codes map one to one onto the ABI's hsd_status values.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace hsd::engine {

enum class ErrorCode : std::uint32_t {
  invalid_argument = 1,
  not_found = 2,
  unauthenticated = 3,
  rate_limited = 4,
  unavailable = 5,
  unsupported = 6,
  internal = 7,
  conflict = 8,
  permission_denied = 9,
  cancelled = 10,
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  bool retryable = false;
  std::string details_json;  // a JSON object, or empty
  std::string reason;        // a short stable code from the source, e.g. "MISSING_SCOPES"
};

// Short, stable names for error codes ("invalid_argument", ...), used in JSON output.
const char* error_code_name(ErrorCode code);

// The code a connection's status_code records for an error: the source's own stable code
// (reason) when it gave one, else the error's kind ("unavailable", ...).
std::string error_status_code(const Error& error);

// The CLI exit code for an error: 2 for bad usage or bad input, 1 for any other failure.
int exit_code_for(const Error& error);

inline Error make_error(ErrorCode code, std::string message) {
  Error error;
  error.code = code;
  error.message = std::move(message);
  return error;
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}         // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit by design

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace hsd::engine

// Returns the error of a failed Result from the enclosing function.
#define HSD_TRY(expr)                                   \
  do {                                                  \
    auto&& hsd_try_result_ = (expr);                    \
    if (!hsd_try_result_.ok()) return hsd_try_result_.error(); \
  } while (0)
