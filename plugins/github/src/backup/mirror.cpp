#include "mirror.hpp"

#include "errors.hpp"
#include "remote_session.hpp"

#include <filesystem>

namespace hsd::plugins::github::backup {

sdk::Result<RepoPtr> open_mirror(const std::string& dir) {
  ensure_libgit2();
  git_repository* raw = nullptr;
  int rc = git_repository_open_bare(&raw, dir.c_str());
  if (rc == GIT_ENOTFOUND) rc = git_repository_init(&raw, dir.c_str(), 1);
  if (rc < 0) return git_failed(describe("opening the mirror '" + dir + "'", last_git_error(rc)));
  return RepoPtr(raw);
}

sdk::Result<std::string> branch_ref(const std::string& branch) {
  ensure_libgit2();
  std::string ref = "refs/heads/" + branch;
  int valid = 0;
  if (branch.empty() || git_reference_name_is_valid(&valid, ref.c_str()) < 0 || !valid) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidTarget, "'" + branch + "' is not a valid branch name");
  }
  return ref;
}

std::string tracking_ref(const std::string& branch) { return "refs/remotes/origin/" + branch; }

sdk::Status set_tracking_ref(git_repository* repo, const std::string& branch, const std::optional<git_oid>& tip) {
  const std::string name = tracking_ref(branch);
  if (tip) {
    git_reference* ref = nullptr;
    const int rc = git_reference_create(&ref, repo, name.c_str(), &*tip, 1, "hsdeploy: remote tip");
    if (rc < 0) return git_failed(describe("updating " + name, last_git_error(rc)));
    git_reference_free(ref);
    return {};
  }
  git_reference* ref = nullptr;
  int rc = git_reference_lookup(&ref, repo, name.c_str());
  if (rc == GIT_ENOTFOUND) return {};
  if (rc == 0) {
    rc = git_reference_delete(ref);
    git_reference_free(ref);
  }
  if (rc < 0) return git_failed(describe("deleting " + name, last_git_error(rc)));
  return {};
}

sdk::Result<std::optional<git_oid>> fetch_branch(git_repository* repo, const Target& target, const Hooks& hooks) {
  auto head = branch_ref(target.branch);
  if (!head) return head.failure();
  RemoteSession session(target, hooks);
  const git_remote_callbacks callbacks = session.callbacks();

  git_remote* raw = nullptr;
  int rc = git_remote_create_anonymous(&raw, repo, target.remote_url.c_str());
  if (rc < 0) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidTarget,
                        session.scrub(describe("the remote URL is not usable", last_git_error(rc))));
  }
  RemotePtr remote(raw);

  rc = git_remote_connect(remote.get(), GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr);
  if (rc < 0) return session.failure("connecting to the remote", last_git_error(rc));

  const git_remote_head** heads = nullptr;
  size_t count = 0;
  rc = git_remote_ls(&heads, &count, remote.get());
  if (rc < 0) return session.failure("listing the remote's branches", last_git_error(rc));
  std::optional<git_oid> tip;
  for (size_t i = 0; i < count; ++i) {
    if (heads[i]->name && head.value() == heads[i]->name) tip = heads[i]->oid;
  }

  if (tip) {
    OdbPtr odb;
    git_odb* odb_raw = nullptr;
    rc = git_repository_odb(&odb_raw, repo);
    if (rc < 0) return git_failed(describe("opening the mirror's objects", last_git_error(rc)));
    odb.reset(odb_raw);
    if (!git_odb_exists(odb.get(), &*tip)) {
      const std::string spec = "+" + head.value() + ":" + tracking_ref(target.branch);
      char* specs[] = {const_cast<char*>(spec.c_str())};
      const git_strarray refspecs = {specs, 1};
      git_fetch_options options;
      git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
      options.callbacks = callbacks;
      options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
      options.update_fetchhead = 0;
      options.prune = GIT_FETCH_NO_PRUNE;
      rc = git_remote_download(remote.get(), &refspecs, &options);
      if (rc < 0) return session.failure("fetching " + target.branch, last_git_error(rc));
    }
  }
  git_remote_disconnect(remote.get());
  if (session.cancel_requested()) return cancelled_failure();

  if (tip) {
    git_commit* commit = nullptr;
    rc = git_commit_lookup(&commit, repo, &*tip);
    if (rc < 0) {
      return git_failed(describe("the tip of " + target.branch + " is not a commit in the mirror", last_git_error(rc)));
    }
    git_commit_free(commit);
  }
  if (auto s = set_tracking_ref(repo, target.branch, tip); !s) return s.failure();
  return tip;
}

}  // namespace hsd::plugins::github::backup
