// Builds the branch's new root tree from the parent's: only the backup's folder is rewritten
// (type folders whose files are unchanged keep their tree as is) and only the trees on the
// path from that folder up to the root are written again; everything else is the parent's.
// Counts and lists the object files added, changed and removed by comparing with the parent's
// entries under the backup's folder only.
#pragma once

#include "commit_message.hpp"
#include "git_util.hpp"

#include <hsd/sdk.hpp>

#include <string>
#include <unordered_set>
#include <vector>

namespace hsd::plugins::github::backup {

struct DesiredFile {
  std::string name;
  git_oid blob;
};

struct DesiredType {
  std::string folder;
  std::vector<DesiredFile> files;  // distinct names
};

struct DesiredFolder {
  std::string path;  // the backup's folder relative to the root, e.g. "hubspot/123"
  std::vector<DesiredType> types;
  git_oid readme;
  git_oid meta;  // the tree of .hsdeploy/ (the index)
};

struct BuiltTree {
  git_oid tree;
  bool changed = false;  // the root tree differs from the parent's
  std::size_t added = 0;
  std::size_t modified = 0;
  std::size_t removed = 0;
  std::size_t files = 0;
  std::vector<FileChange> changes;  // object files and other files the backup dropped or changed
  std::vector<git_oid> written;     // the trees written (some may have existed already)
};

// parent_root may be null (the branch's first commit).
sdk::Result<BuiltTree> build_tree(git_repository* repo, git_tree* parent_root, const DesiredFolder& desired);

// The blob oids in the parent's tree under folder (to know which cached blobs surely exist).
sdk::Result<std::unordered_set<git_oid, OidHash, OidEqual>> blobs_under(git_repository* repo, git_tree* parent_root,
                                                                        const std::string& folder);

}  // namespace hsd::plugins::github::backup
