// The JSON GitHub sends for a repository (as seen by one user), a branch list and a user.
#pragma once

#include <string>
#include <vector>

#include "bare_repo.hpp"
#include "hsd/fakes/common/json_writer.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {

std::string iso8601(TimePoint t);
void write_repo(common::JsonWriter& w, GitHubState& state, const Repo& repo, const User& viewer);
void write_branch(common::JsonWriter& w, const GitHubState& state, const Repo& repo, const Branch& branch);
void write_user(common::JsonWriter& w, const GitHubState& state, const User& user);

}  // namespace hsd::fakes::github_detail
