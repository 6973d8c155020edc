#include "push.hpp"

#include "errors.hpp"
#include "mirror.hpp"
#include "remote_session.hpp"
#include "safe_name.hpp"

namespace hsd::plugins::github::backup {

bool refusal_is_not_fast_forward(std::string_view status) {
  const std::string s = ascii_lower(status);
  return s.find("non-fast-forward") != std::string::npos || s.find("non-fastforward") != std::string::npos ||
         s.find("fetch first") != std::string::npos || s.find("stale info") != std::string::npos;
}

sdk::Result<PushResult> push_branch(git_repository* repo, const Target& target, const git_oid& commit,
                                    const Hooks& hooks) {
  auto head = branch_ref(target.branch);
  if (!head) return head.failure();
  git_reference* ref = nullptr;
  int rc = git_reference_create(&ref, repo, head.value().c_str(), &commit, 1, "hsdeploy: backup");
  if (rc < 0) return git_failed(describe("updating " + head.value() + " in the mirror", last_git_error(rc)));
  git_reference_free(ref);

  RemoteSession session(target, hooks);
  git_remote* raw = nullptr;
  rc = git_remote_create_anonymous(&raw, repo, target.remote_url.c_str());
  if (rc < 0) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidTarget,
                        session.scrub(describe("the remote URL is not usable", last_git_error(rc))));
  }
  RemotePtr remote(raw);

  const std::string spec = head.value() + ":" + head.value();  // no '+': never forced
  char* specs[] = {const_cast<char*>(spec.c_str())};
  const git_strarray refspecs = {specs, 1};
  git_push_options options;
  git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
  options.callbacks = session.callbacks();
  options.pb_parallelism = 0;  // as many pack-building threads as there are CPUs
  rc = git_remote_push(remote.get(), &refspecs, &options);
  if (rc < 0) {
    const GitError error = last_git_error(rc);
    if (rc == GIT_ENONFASTFORWARD) return PushResult{PushResult::Kind::kNotFastForward, error.message};
    return session.failure("pushing " + target.branch, error);
  }
  for (const auto& [name, status] : session.refused) {
    if (refusal_is_not_fast_forward(status)) {
      return PushResult{PushResult::Kind::kNotFastForward, session.scrub(name + ": " + status)};
    }
    const std::string said = session.server_said();
    return push_refused(session.scrub("the server refused " + name + ": " + status + (said.empty() ? "" : " (" + said + ")")));
  }
  if (auto s = set_tracking_ref(repo, target.branch, commit); !s) return s.failure();
  return PushResult{};
}

}  // namespace hsd::plugins::github::backup
