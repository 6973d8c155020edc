#include "git_util.hpp"

#include <cstring>
#include <mutex>

namespace hsd::plugins::github::backup {

void ensure_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

GitError last_git_error(int code) {
  GitError error;
  error.code = code;
  if (const git_error* e = git_error_last(); e != nullptr) {
    error.klass = e->klass;
    if (e->message) error.message = e->message;
  }
  if (error.message.empty()) error.message = "libgit2 error " + std::to_string(code);
  while (!error.message.empty() && (error.message.back() == '\n' || error.message.back() == '\r')) {
    error.message.pop_back();
  }
  return error;
}

std::string describe(std::string_view what, const GitError& error) {
  std::string out(what);
  out += ": ";
  out += error.message;
  out += " (";
  out += std::to_string(error.code);
  out += ')';
  return out;
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof(buf), &oid);
  return std::string(buf);
}

size_t OidHash::operator()(const git_oid& oid) const noexcept {
  size_t h;
  std::memcpy(&h, oid.id, sizeof(h));
  return h;
}

}  // namespace hsd::plugins::github::backup
