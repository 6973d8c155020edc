#include "backup/blob_cache.hpp"

#include "backup/git_util.hpp"
#include "git_fixture.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::github::backup {
namespace {

git_oid oid_of(const std::string& s) {
  ensure_libgit2();
  git_oid oid;
  git_odb_hash(&oid, s.data(), s.size(), GIT_OBJECT_BLOB);
  return oid;
}

TEST(BlobCache, SavesWhatWasUsedAndLoadsIt) {
  testing::TempDir dir;
  BlobCache cache = BlobCache::load(dir.path(), "hubspot/1", 1);
  EXPECT_FALSE(cache.find("h1"));
  cache.put("h1", oid_of("one"));
  cache.put("h2", oid_of("two"));
  ASSERT_TRUE(cache.save().ok());

  BlobCache again = BlobCache::load(dir.path(), "hubspot/1", 1);
  EXPECT_EQ(again.loaded_size(), 2u);
  ASSERT_TRUE(again.find("h1"));
  const git_oid found = *again.find("h1");
  const git_oid expected = oid_of("one");
  EXPECT_TRUE(git_oid_equal(&found, &expected) != 0);
  // Only what this run used is kept.
  again.put("h2", oid_of("two"));
  ASSERT_TRUE(again.save().ok());
  EXPECT_EQ(BlobCache::load(dir.path(), "hubspot/1", 1).loaded_size(), 1u);
}

TEST(BlobCache, IgnoresOtherFoldersAndLayoutVersions) {
  testing::TempDir dir;
  BlobCache cache = BlobCache::load(dir.path(), "hubspot/1", 1);
  cache.put("h1", oid_of("one"));
  ASSERT_TRUE(cache.save().ok());
  EXPECT_EQ(BlobCache::load(dir.path(), "hubspot/2", 1).loaded_size(), 0u);
  EXPECT_EQ(BlobCache::load(dir.path(), "hubspot/1", 2).loaded_size(), 0u);
}

TEST(BlobCache, SurvivesCorruptFiles) {
  testing::TempDir dir;
  BlobCache cache = BlobCache::load(dir.path(), "f", 1);
  cache.put("h1", oid_of("one"));
  ASSERT_TRUE(cache.save().ok());
  std::string text = testing::read_file(cache.path());
  testing::write_file(cache.path(), text + "garbage line\nh2 nothex\nh3 " + std::string(40, 'z') + "\nh4 12");
  BlobCache loaded = BlobCache::load(dir.path(), "f", 1);
  EXPECT_EQ(loaded.loaded_size(), 1u);
  testing::write_file(cache.path(), "not a header\n");
  EXPECT_EQ(BlobCache::load(dir.path(), "f", 1).loaded_size(), 0u);
}

TEST(BlobCache, SkipsUnusableHashes) {
  testing::TempDir dir;
  BlobCache cache = BlobCache::load(dir.path(), "f", 1);
  cache.put("", oid_of("x"));
  cache.put("a b", oid_of("x"));
  cache.put("a\nb", oid_of("x"));
  EXPECT_FALSE(cache.find(""));
  EXPECT_FALSE(cache.find("a b"));
  ASSERT_TRUE(cache.save().ok());
  EXPECT_EQ(BlobCache::load(dir.path(), "f", 1).loaded_size(), 0u);
}

}  // namespace
}  // namespace hsd::plugins::github::backup
