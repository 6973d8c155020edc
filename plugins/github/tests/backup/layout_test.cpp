#include "backup/layout.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::github::backup {
namespace {

std::string norm(std::string_view prefix) {
  auto r = normalize_prefix(prefix);
  EXPECT_TRUE(r.ok()) << prefix;
  return r.ok() ? r.value() : "<failed>";
}

void refused(std::string_view prefix) {
  auto r = normalize_prefix(prefix);
  ASSERT_FALSE(r.ok()) << prefix;
  EXPECT_EQ(r.failure().status, HSD_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(r.failure().code, "INVALID_PATH_PREFIX");
}

TEST(Layout, NormalisesPrefixes) {
  EXPECT_EQ(norm(""), "");
  EXPECT_EQ(norm("/"), "");
  EXPECT_EQ(norm("backups"), "backups");
  EXPECT_EQ(norm("/backups/"), "backups");
  EXPECT_EQ(norm("//a//b///"), "a/b");
  EXPECT_EQ(norm("a/.hidden/b"), "a/.hidden/b");
}

TEST(Layout, RefusesBadPrefixes) {
  refused("..");
  refused("a/../b");
  refused("./a");
  refused("a/.git");
  refused(".GIT/x");
  refused("a\\b");
  refused("a\nb");
  refused(std::string("a\0b", 3));
  refused("a./b");
  refused("a /b");
  refused(std::string(201, 'x'));
}

TEST(Layout, AccountFolder) {
  Source s{"hubspot", "123", "Acme", ""};
  EXPECT_EQ(account_folder("", s), "hubspot/123");
  EXPECT_EQ(account_folder("backups/x", s), "backups/x/hubspot/123");
  Source nasty{"hub/spot", "../etc", "", ""};
  EXPECT_EQ(account_folder("", nasty), "hub%2Fspot/%2E.%2Fetc");
}

TEST(Layout, SplitsAndJoinsPaths) {
  EXPECT_EQ(split_path("a/b//c/"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_path("").empty());
  EXPECT_EQ(join_path("", "x"), "x");
  EXPECT_EQ(join_path("a/b", "x"), "a/b/x");
}

}  // namespace
}  // namespace hsd::plugins::github::backup
