#include "hsd/engine/result.hpp"

namespace hsd::engine {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::internal: return "internal";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::permission_denied: return "permission_denied";
    case ErrorCode::cancelled: return "cancelled";
  }
  return "internal";
}

std::string error_status_code(const Error& error) {
  return error.reason.empty() ? std::string(error_code_name(error.code)) : error.reason;
}

int exit_code_for(const Error& error) {
  switch (error.code) {
    case ErrorCode::invalid_argument:
    case ErrorCode::not_found:
    case ErrorCode::conflict:
      return 2;
    default:
      return 1;
  }
}

}  // namespace hsd::engine
