#include "git_util.hpp"

#include <cstring>
#include <mutex>

namespace hsd::plugins::github::backup {

void ensure_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // libgit2 hashes every object it reads again, to check it against its name: 11 % of the
    // CPU of reading a backup back (one SHA-1 per file). Every object in our mirrors was hashed
    // when it entered them: pack_writer names the objects it writes by their hash, and a fetch's
    // indexer hashes each object it receives to build the pack's index. What is read later is
    // still inflated by zlib, whose checksum catches a damaged object on disk. Only this
    // plugin uses libgit2 in the process, and it reads no repository but its own mirrors.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  });
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
