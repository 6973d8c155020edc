#include "backup/readme.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::github::backup {
namespace {

Source source() { return Source{"hubspot", "123", "Acme Inc", "prod portal"}; }

std::vector<ReadmeType> types() {
  return {
      {"workflows", "workflows", {{"9", "Nurture", "9.json"}}},
      {"forms", "forms", {{"b", "Form | B", "b.json"}, {"a/1", "Form A", "a%2F1.json"}}},
  };
}

TEST(Readme, ListsTypesAndObjectsSorted) {
  const std::string text = render_readme(source(), types());
  EXPECT_EQ(text.rfind("# Acme Inc\n", 0), 0u);
  EXPECT_NE(text.find("Label: prod portal"), std::string::npos);
  EXPECT_NE(text.find("Objects: 3\n"), std::string::npos);
  const auto forms = text.find("## forms (2)");
  const auto workflows = text.find("## workflows (1)");
  ASSERT_NE(forms, std::string::npos);
  ASSERT_NE(workflows, std::string::npos);
  EXPECT_LT(forms, workflows);
  const auto a = text.find("| a/1 | Form A |");
  const auto b = text.find("| b | Form \\| B |");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, b);
  // The link escapes the '%' of the file name so it points at the file itself.
  EXPECT_NE(text.find("](forms/a%252F1.json)"), std::string::npos);
}

TEST(Readme, IsDeterministicWhateverTheInputOrder) {
  auto reversed = types();
  std::reverse(reversed.begin(), reversed.end());
  for (auto& t : reversed) std::reverse(t.rows.begin(), t.rows.end());
  EXPECT_EQ(render_readme(source(), types()), render_readme(source(), reversed));
}

TEST(Readme, EscapesMarkdownAndControlCharacters) {
  EXPECT_EQ(markdown_text("a|b\nc`d*e"), "a\\|b c\\`d\\*e");
  EXPECT_EQ(link_target("t/a%2Fb c.json"), "t/a%252Fb%20c.json");
}

TEST(Readme, FallsBackToLabelAndId) {
  EXPECT_EQ(render_readme(Source{"p", "42", "", "Label"}, {}).rfind("# Label\n", 0), 0u);
  EXPECT_EQ(render_readme(Source{"p", "42", "", ""}, {}).rfind("# 42\n", 0), 0u);
}

}  // namespace
}  // namespace hsd::plugins::github::backup
