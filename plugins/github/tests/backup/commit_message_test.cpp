#include "backup/commit_message.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::github::backup {
namespace {

TEST(CommitMessage, SummarisesCountsAndListsFiles) {
  const std::string m = commit_message("Acme", 1, 2, 1,
                                       {{'M', "h/1/forms/b.json"}, {'A', "h/1/forms/a.json"}, {'D', "h/1/x/y.json"},
                                        {'M', "h/1/forms/c.json"}});
  EXPECT_EQ(m,
            "Backup of Acme: 1 added, 2 changed, 1 removed\n\n"
            "A  h/1/forms/a.json\n"
            "M  h/1/forms/b.json\n"
            "M  h/1/forms/c.json\n"
            "D  h/1/x/y.json\n");
}

TEST(CommitMessage, CapsTheList) {
  std::vector<FileChange> changes;
  for (int i = 0; i < 60; ++i) changes.push_back({'A', "f" + std::to_string(100 + i)});
  const std::string m = commit_message("Acme", 60, 0, 0, changes);
  EXPECT_NE(m.find("A  f149\n"), std::string::npos);
  EXPECT_EQ(m.find("A  f150\n"), std::string::npos);
  EXPECT_NE(m.find("\nand 10 more\n"), std::string::npos);
}

TEST(CommitMessage, KeepsTheTitleOnOneLine) {
  const std::string m = commit_message("Ac\nme", 0, 0, 0, {{'M', "a/README.md"}});
  EXPECT_EQ(m.rfind("Backup of Ac me: index updated\n\n", 0), 0u);
}

}  // namespace
}  // namespace hsd::plugins::github::backup
