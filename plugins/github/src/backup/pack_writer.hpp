// Stores objects held in memory (the run's mempack) in the mirror as one pack file, written
// directly: every object whole (no delta search) and zlib-compressed at the fastest level.
// The mirror's packs are local and never sent as they are (a push builds its own pack, with
// deltas, from the objects), so searching for deltas here would only cost time: it was most of
// a first backup's local work (libgit2's pack builder runs the search again for the push).
#pragma once

#include <hsd/sdk.hpp>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include <cstddef>
#include <vector>

namespace hsd::plugins::github::backup {

struct StoredPack {
  std::size_t objects = 0;
  std::size_t bytes = 0;
};

// Reads each of oids (distinct) from source and stores them through odb's pack writer (the
// indexer checks every object and the pack's checksum, and writes the .idx). GIT_FAILED when
// an object is missing from source or the pack cannot be stored.
sdk::Result<StoredPack> store_objects_as_pack(git_odb* odb, git_odb_backend* source, const std::vector<git_oid>& oids);

}  // namespace hsd::plugins::github::backup
