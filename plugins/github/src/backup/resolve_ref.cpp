#include "resolve_ref.hpp"

#include "errors.hpp"
#include "remote_session.hpp"

#include <optional>
#include <vector>

namespace hsd::plugins::github::backup {
namespace {

constexpr std::size_t kMinShaDigits = 4;  // git's own minimum abbreviation

bool hex_text(const std::string& text) {
  if (text.size() < kMinShaDigits || text.size() > GIT_OID_HEXSZ) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

sdk::Failure ref_not_found(const Target& target, const std::string& ref, const std::string& why) {
  return make_failure(HSD_ERR_NOT_FOUND, kRefNotFound, "the ref '" + ref + "' " + why + " in " + target.full_name);
}

// The remote's refs, listed once per call on one connection; fetches go through the same one.
class RemoteRefs {
 public:
  RemoteRefs(git_repository* repo, const Target& target, const Hooks& hooks)
      : repo_(repo), target_(target), session_(target, hooks), callbacks_(session_.callbacks()) {}
  ~RemoteRefs() {
    if (remote_) git_remote_disconnect(remote_.get());
  }

  sdk::Status connect() {
    git_remote* raw = nullptr;
    int rc = git_remote_create_anonymous(&raw, repo_, target_.remote_url.c_str());
    if (rc < 0) {
      return make_failure(HSD_ERR_INVALID_ARGUMENT, kInvalidTarget,
                          session_.scrub(describe("the remote URL is not usable", last_git_error(rc))));
    }
    remote_.reset(raw);
    rc = git_remote_connect(remote_.get(), GIT_DIRECTION_FETCH, &callbacks_, nullptr, nullptr);
    if (rc < 0) return session_.failure("connecting to the remote", last_git_error(rc));
    const git_remote_head** heads = nullptr;
    size_t count = 0;
    rc = git_remote_ls(&heads, &count, remote_.get());
    if (rc < 0) return session_.failure("listing the remote's refs", last_git_error(rc));
    for (size_t i = 0; i < count; ++i) {
      if (heads[i]->name) refs_.push_back({heads[i]->name, heads[i]->oid});
    }
    return {};
  }

  std::optional<git_oid> find(const std::string& name) const {
    for (const auto& [n, oid] : refs_) {
      if (n == name) return oid;
    }
    return std::nullopt;
  }

  sdk::Status fetch(const std::vector<std::string>& specs, const std::string& what) {
    std::vector<char*> raw;
    for (const std::string& s : specs) raw.push_back(const_cast<char*>(s.c_str()));
    const git_strarray refspecs = {raw.data(), raw.size()};
    git_fetch_options options;
    git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    options.callbacks = callbacks_;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    options.update_fetchhead = 0;
    options.prune = GIT_FETCH_NO_PRUNE;
    const int rc = git_remote_download(remote_.get(), &refspecs, &options);
    if (rc < 0) return session_.failure(what, last_git_error(rc));
    if (session_.cancel_requested()) return cancelled_failure();
    return {};
  }

 private:
  git_repository* repo_;
  const Target& target_;
  RemoteSession session_;
  git_remote_callbacks callbacks_;
  RemotePtr remote_;
  std::vector<std::pair<std::string, git_oid>> refs_;
};

bool have_object(git_repository* repo, const git_oid& oid) {
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo) < 0) return false;
  OdbPtr odb(raw);
  return git_odb_exists(odb.get(), &oid) != 0;
}

// The commit an object (a commit or an annotated tag) stands for.
sdk::Result<git_oid> peel_to_commit(git_repository* repo, const git_oid& oid, const Target& target, const std::string& ref) {
  git_object* object = nullptr;
  int rc = git_object_lookup(&object, repo, &oid, GIT_OBJECT_ANY);
  if (rc < 0) return git_failed(describe("reading the object of '" + ref + "'", last_git_error(rc)));
  git_object* peeled = nullptr;
  rc = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT);
  git_object_free(object);
  if (rc < 0) return ref_not_found(target, ref, "does not name a commit");
  const git_oid out = *git_object_id(peeled);
  git_object_free(peeled);
  return out;
}

// GIT_ENOTFOUND, GIT_EAMBIGUOUS or 0 with the commit.
int lookup_sha(git_repository* repo, const std::string& hex, git_oid* out) {
  git_oid prefix;
  if (git_oid_fromstrn(&prefix, hex.c_str(), hex.size()) < 0) return GIT_ENOTFOUND;
  git_object* object = nullptr;
  const int rc = git_object_lookup_prefix(&object, repo, &prefix, hex.size(), GIT_OBJECT_COMMIT);
  if (rc < 0) return rc;
  *out = *git_object_id(object);
  git_object_free(object);
  return 0;
}

sdk::Status check_ref_text(const std::string& ref) {
  auto bad = [&](const std::string& why) {
    return make_failure(HSD_ERR_INVALID_ARGUMENT, "INVALID_REF", "ref: '" + ref + "' " + why);
  };
  if (ref.empty()) return bad("is empty: give a branch, a tag or a commit sha");
  if (ref.size() > 255) return bad("is longer than 255 bytes");
  if (ref.front() == '-') return bad("may not start with '-'");
  for (unsigned char c : ref) {
    if (c < 0x20 || c == 0x7F) return bad("contains a control character");
  }
  return {};
}

}  // namespace

sdk::Result<ResolvedRef> resolve_ref(git_repository* repo, const Target& target, const std::string& ref,
                                     const Hooks& hooks) {
  if (auto s = check_ref_text(ref); !s) return s.failure();
  // A full sha already in the mirror: the commit itself, whatever the remote's refs say now.
  if (ref.size() == GIT_OID_HEXSZ && hex_text(ref)) {
    git_oid commit;
    const int rc = lookup_sha(repo, ref, &commit);
    if (rc == 0) return ResolvedRef{commit, "commit"};
    if (rc != GIT_ENOTFOUND) return git_failed(describe("looking up the commit " + ref, last_git_error(rc)));
  }
  if (target.mirror_only) {
    return make_failure(HSD_ERR_NOT_FOUND, kNotInMirror, "the ref '" + ref + "' is not a commit of the mirror");
  }
  RemoteRefs remote(repo, target, hooks);
  if (auto s = remote.connect(); !s) return s.failure();

  // Branches first, as git does for an ambiguous name; "refs/..." names are taken as given.
  struct Candidate {
    std::string remote_name;
    std::string local_name;
    const char* kind;
  };
  std::vector<Candidate> candidates = {
      {"refs/heads/" + ref, "refs/remotes/origin/" + ref, "branch"},
      {"refs/tags/" + ref, "refs/tags/" + ref, "tag"},
  };
  if (ref.starts_with("refs/heads/")) candidates.push_back({ref, "refs/remotes/origin/" + ref.substr(11), "branch"});
  if (ref.starts_with("refs/tags/")) candidates.push_back({ref, ref, "tag"});
  for (const Candidate& c : candidates) {
    const std::optional<git_oid> oid = remote.find(c.remote_name);
    if (!oid) continue;
    if (!have_object(repo, *oid)) {
      if (auto s = remote.fetch({"+" + c.remote_name + ":" + c.local_name}, "fetching " + ref); !s) return s.failure();
    }
    auto commit = peel_to_commit(repo, *oid, target, ref);
    if (!commit) return commit.failure();
    return ResolvedRef{commit.value(), c.kind};
  }

  if (!hex_text(ref)) return ref_not_found(target, ref, "is neither a branch, a tag nor a commit sha");
  git_oid commit;
  int rc = lookup_sha(repo, ref, &commit);
  if (rc == GIT_ENOTFOUND) {
    // A commit the mirror has not seen: whatever the branches and tags reach is fetchable.
    auto s = remote.fetch({"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"},
                          "fetching the branches and tags to find " + ref);
    if (!s) return s.failure();
    rc = lookup_sha(repo, ref, &commit);
  }
  if (rc == GIT_EAMBIGUOUS) return ref_not_found(target, ref, "is ambiguous (several commits start with it)");
  if (rc == GIT_ENOTFOUND) return ref_not_found(target, ref, "is not a commit reachable from a branch or tag");
  if (rc < 0) return git_failed(describe("looking up the commit " + ref, last_git_error(rc)));
  return ResolvedRef{commit, "commit"};
}

}  // namespace hsd::plugins::github::backup
