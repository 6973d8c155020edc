// libgit2 plumbing shared by the writer: one-time initialisation, owning handles, and the
// thread-local error copied out right after the failing call.
#pragma once

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>

namespace hsd::plugins::github::backup {

// git_libgit2_init() once per process (never shut down: other threads may still use it).
void ensure_libgit2();

template <class T, void (*Free)(T*)>
struct GitFree {
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};
template <class T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitFree<T, Free>>;

using RepoPtr = GitPtr<git_repository, git_repository_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using RemotePtr = GitPtr<git_remote, git_remote_free>;
using TreeBuilderPtr = GitPtr<git_treebuilder, git_treebuilder_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;
using ReferencePtr = GitPtr<git_reference, git_reference_free>;
using OdbPtr = GitPtr<git_odb, git_odb_free>;

// A libgit2 failure, copied out of the thread-local error slot.
struct GitError {
  int code = 0;
  int klass = 0;
  std::string message;
};

// Call immediately after the failing call, on the same thread.
GitError last_git_error(int code);

// "what: message (code)" for logs and failures.
std::string describe(std::string_view what, const GitError& error);

std::string oid_hex(const git_oid& oid);

struct OidHash {
  size_t operator()(const git_oid& oid) const noexcept;
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return git_oid_equal(&a, &b) != 0; }
};

}  // namespace hsd::plugins::github::backup
