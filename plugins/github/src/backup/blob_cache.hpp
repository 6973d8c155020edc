// Remembers which blob a stored object's content became, so an unchanged object is neither
// re-rendered nor re-hashed: storage content hash -> blob oid, for one backup folder and one
// layout version. Kept in the mirror as <mirror_dir>/hsd-blob-cache/<hash of the folder>, one
// "<content hash> <blob oid>" line per object; a file of another folder or layout version is
// ignored. Written atomically (temporary file + rename) under the mirror lock; a lost or
// corrupt cache only costs time.
#pragma once

#include <hsd/sdk.hpp>

#include <git2.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hsd::plugins::github::backup {

class BlobCache {
 public:
  // The cache of folder in mirror_dir; empty when missing or not matching.
  static BlobCache load(const std::string& mirror_dir, const std::string& folder, int layout_version);

  std::optional<git_oid> find(std::string_view content_hash) const;

  // Records an entry used by this run; only these are saved.
  void put(std::string_view content_hash, const git_oid& blob);

  sdk::Status save() const;

  std::size_t loaded_size() const { return loaded_.size(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string header_;
  std::unordered_map<std::string, git_oid> loaded_;
  std::unordered_map<std::string, git_oid> used_;
};

}  // namespace hsd::plugins::github::backup
