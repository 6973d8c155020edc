#include "backup/safe_name.hpp"

#include <gtest/gtest.h>

#include <set>

namespace hsd::plugins::github::backup {
namespace {

bool portable(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  if (name.front() == '.' || name.back() == '.' || name.front() == ' ' || name.back() == ' ') return false;
  for (unsigned char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '%' || c == '~';
    if (!ok) return false;
  }
  return true;
}

TEST(SafeName, KeepsPlainIds) {
  EXPECT_EQ(safe_name("12345"), "12345");
  EXPECT_EQ(safe_name("contact-form_v2.1"), "contact-form_v2.1");
}

TEST(SafeName, EncodesUnsafeBytes) {
  EXPECT_EQ(safe_name("a/b"), "a%2Fb");
  EXPECT_EQ(safe_name("a\\b"), "a%5Cb");
  EXPECT_EQ(safe_name("c:*?\"<>|"), "c%3A%2A%3F%22%3C%3E%7C");
  EXPECT_EQ(safe_name("100%"), "100%25");
  EXPECT_EQ(safe_name("a b"), "a%20b");
  EXPECT_EQ(safe_name("tab\there\n"), "tab%09here%0A");
  EXPECT_EQ(safe_name("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(safe_name("x~1"), "x%7E1");
}

TEST(SafeName, EncodesLeadingAndTrailingDots) {
  EXPECT_EQ(safe_name(".git"), "%2Egit");
  EXPECT_EQ(safe_name("."), "%2E");
  EXPECT_EQ(safe_name(".."), "%2E%2E");
  EXPECT_EQ(safe_name("name."), "name%2E");
  EXPECT_EQ(safe_name("a.b"), "a.b");
  EXPECT_EQ(safe_name(" lead"), "%20lead");
}

TEST(SafeName, EncodesWindowsReservedNames) {
  for (const char* id : {"CON", "con", "Prn", "AUX", "nul", "COM1", "com9", "LPT1", "lpt9", "COM0", "NUL.txt", "con.tar.gz"}) {
    const std::string name = safe_name(id);
    EXPECT_EQ(name[0], '%') << id << " -> " << name;
    EXPECT_TRUE(portable(name)) << name;
  }
  EXPECT_EQ(safe_name("CON"), "%43ON");
  EXPECT_EQ(safe_name("console"), "console");
  EXPECT_EQ(safe_name("COM10"), "COM10");
  EXPECT_EQ(safe_name("LPT"), "LPT");
}

TEST(SafeName, EmptyIdHasItsOwnName) {
  EXPECT_EQ(safe_name(""), "%EMPTY");
  EXPECT_NE(safe_name("%EMPTY"), "%EMPTY");
}

TEST(SafeName, CutsLongNamesWithAHash) {
  const std::string a(500, 'a');
  const std::string b = std::string(499, 'a') + "b";
  const std::string na = safe_name(a);
  const std::string nb = safe_name(b);
  EXPECT_LE(na.size(), kMaxNameBytes);
  EXPECT_NE(na, nb);
  EXPECT_TRUE(portable(na));
  EXPECT_NE(na.find('~'), std::string::npos);
  // A cut never splits a %XX triplet.
  const std::string encoded(200, '/');
  const std::string n = safe_name(encoded);
  EXPECT_LE(n.size(), kMaxNameBytes);
  const std::string base = n.substr(0, n.find('~'));
  EXPECT_EQ(base.size() % 3, 0u) << n;
}

TEST(SafeName, IsDeterministic) {
  EXPECT_EQ(safe_name(std::string(300, 'x')), safe_name(std::string(300, 'x')));
  EXPECT_EQ(name_suffix("abc"), name_suffix("abc"));
  EXPECT_EQ(name_suffix("abc").size(), 17u);
}

std::vector<std::string> nasty_ids() {
  std::vector<std::string> ids = {"", "a", "A", "a/b", "a%2Fb", "a%2fb", "A/B", "CON", "con", "%43ON", "Con",
                                  ".", "..", "...", ".a", "a.", " a", "a ", "a  ", "\t", "\n", "\x01", "\x7f",
                                  "*", "?", "\"", "<", ">", "|", ":", "\\", "~", "~1", "x~0123456789abcdef",
                                  "caf\xC3\xA9", "CAF\xC3\x89", "cafe\xCC\x81", "%EMPTY", "%empty", "README.md",
                                  "readme.md", "a.json", "a.JSON", "COM1", "com1", "LPT9", "nul.txt"};
  ids.push_back(std::string(1, '\0'));
  ids.push_back(std::string("a\0b", 3));
  ids.push_back(std::string(300, 'z'));
  ids.push_back(std::string(299, 'z') + "Z");
  ids.push_back(std::string(299, 'Z') + "z");
  ids.push_back(std::string(300, '/'));
  ids.push_back(std::string(299, '/') + "a");
  for (int c = 0; c < 256; ++c) ids.push_back(std::string(1, static_cast<char>(c)));
  return ids;
}

TEST(AssignNames, IsInjectiveCaseInsensitivelyOverNastyIds) {
  std::vector<std::string> ids = nasty_ids();
  std::set<std::string> unique_ids(ids.begin(), ids.end());
  std::vector<std::string_view> views(unique_ids.begin(), unique_ids.end());
  const std::vector<std::string> names = assign_names(views);
  ASSERT_EQ(names.size(), views.size());
  std::set<std::string> folded;
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_TRUE(portable(names[i])) << "id #" << i << " -> " << names[i];
    EXPECT_TRUE(folded.insert(ascii_lower(names[i])).second) << "collision on " << names[i];
  }
}

TEST(AssignNames, SuffixesOnlyNamesThatCollideIgnoringCase) {
  const std::vector<std::string_view> ids = {"Abc", "abc", "other", "OTHER2"};
  const std::vector<std::string> names = assign_names(ids);
  EXPECT_NE(names[0], "Abc");
  EXPECT_NE(names[1], "abc");
  EXPECT_EQ(names[0].substr(0, 4), "Abc~");
  EXPECT_EQ(names[1].substr(0, 4), "abc~");
  EXPECT_NE(ascii_lower(names[0]), ascii_lower(names[1]));
  EXPECT_EQ(names[2], "other");
  EXPECT_EQ(names[3], "OTHER2");
}

TEST(AssignNames, IsStableAcrossOrderAndRuns) {
  const std::vector<std::string_view> a = {"x", "X", "y"};
  const std::vector<std::string_view> b = {"y", "X", "x"};
  const auto na = assign_names(a);
  const auto nb = assign_names(b);
  EXPECT_EQ(na[0], nb[2]);
  EXPECT_EQ(na[1], nb[1]);
  EXPECT_EQ(na[2], nb[0]);
}

TEST(AssignNames, AvoidsReservedNames) {
  const std::vector<std::string_view> ids = {"README.md", "Readme.MD", "forms"};
  const auto names = assign_names(ids, {"readme.md"});
  EXPECT_NE(ascii_lower(names[0]), "readme.md");
  EXPECT_NE(ascii_lower(names[1]), "readme.md");
  EXPECT_NE(ascii_lower(names[0]), ascii_lower(names[1]));
  EXPECT_EQ(names[2], "forms");
}

TEST(AssignNames, GivesEqualIdsEqualNames) {
  const std::vector<std::string_view> ids = {"a", "a", "A"};
  const auto names = assign_names(ids);
  EXPECT_EQ(names[0], names[1]);
  EXPECT_NE(ascii_lower(names[0]), ascii_lower(names[2]));
}

}  // namespace
}  // namespace hsd::plugins::github::backup
