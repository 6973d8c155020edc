// The real bare repositories behind the git face, driven with the git CLI: creation with an
// initial commit per branch, the pre-receive hook for protected branches, and reading refs
// straight from disk (cheap enough to do for every repo JSON).
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model.hpp"

namespace hsd::fakes::github_detail {

/** `git init --bare` with HEAD on default_branch. Throws std::runtime_error on failure. */
void init_bare_repo(const std::filesystem::path& dir, const std::string& default_branch);
/** Commits README.md (deterministic dates, so the sha repeats run for run) onto a new branch. */
void add_initial_commit(const std::filesystem::path& dir, const std::string& branch, const std::string& repo_name);
/** (Re)writes hooks/pre-receive so it refuses updates of these branches, as GitHub's GH006 does. */
void write_protection_hook(const std::filesystem::path& dir, const std::set<std::string>& branches);

struct Branch {
  std::string name;
  std::string sha;
};
/** Branches under refs/heads, loose refs over packed ones, sorted by name. */
std::vector<Branch> read_branches(const std::filesystem::path& dir);
/** GitHub's `size` in KiB: 0 for an empty repository, else at least 1. */
std::int64_t repo_size_kb(const std::filesystem::path& dir);
/** The last time a ref changed, or `fallback` when there are none. */
TimePoint last_push(const std::filesystem::path& dir, TimePoint fallback);

}  // namespace hsd::fakes::github_detail
