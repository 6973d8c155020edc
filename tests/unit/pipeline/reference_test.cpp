#include "reference.hpp"

#include <gtest/gtest.h>

namespace hsd::engine::detail {
namespace {

TEST(Reference, SplitsLiteralsAndReferences) {
  auto parts = parse_template("id=${connection.id}, out=${steps.a.output.x.y}!");
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 5u);
  EXPECT_EQ((*parts)[0].literal, "id=");
  EXPECT_TRUE((*parts)[1].is_reference);
  EXPECT_EQ((*parts)[1].reference.path, (std::vector<std::string>{"connection", "id"}));
  EXPECT_EQ((*parts)[3].reference.path,
            (std::vector<std::string>{"steps", "a", "output", "x", "y"}));
  EXPECT_EQ((*parts)[4].literal, "!");
  EXPECT_FALSE(is_single_reference(*parts));
}

TEST(Reference, SingleReferenceIsRecognised) {
  auto parts = parse_template("${params}");
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(is_single_reference(*parts));
  EXPECT_EQ(parts->front().reference.root(), "params");
}

TEST(Reference, DollarDollarIsALiteral) {
  auto parts = parse_template("cost $${x} ${params.a}");
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].literal, "cost ${x} ");
  EXPECT_TRUE((*parts)[1].is_reference);
}

TEST(Reference, RejectsMalformedReferences) {
  for (const char* text : {"${params.a", "${}", "${params..a}", "${params.a b}", "${.a}", "${a.}"}) {
    EXPECT_FALSE(parse_template(text).ok()) << text;
  }
}

}  // namespace
}  // namespace hsd::engine::detail
