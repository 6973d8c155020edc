#include "when_expression.hpp"

#include <gtest/gtest.h>

#include <map>

namespace hsd::engine::detail {
namespace {

bool eval(std::string_view text, const std::map<std::string, Json>& values = {}) {
  auto expression = WhenExpression::parse(text);
  EXPECT_TRUE(expression.ok()) << text << ": " << expression.error().message;
  if (!expression.ok()) return false;
  return expression->evaluate([&](const Reference& r) {
    const auto found = values.find(r.text);
    return found == values.end() ? Json() : found->second;
  });
}

TEST(WhenExpression, LiteralsAndTruthiness) {
  EXPECT_TRUE(eval("true"));
  EXPECT_FALSE(eval("false"));
  EXPECT_FALSE(eval("null"));
  EXPECT_FALSE(eval("0"));
  EXPECT_TRUE(eval("-2.5"));
  EXPECT_FALSE(eval("''"));
  EXPECT_TRUE(eval("'x'"));
  EXPECT_FALSE(eval("${missing}"));  // unknown values are null
  EXPECT_TRUE(eval("${s}", {{"s", Json(std::string("yes"))}}));
  EXPECT_FALSE(eval("${s}", {{"s", Json(std::string(""))}}));
  EXPECT_FALSE(eval("${n}", {{"n", Json(0)}}));
}

TEST(WhenExpression, ComparisonsAreTyped) {
  const std::map<std::string, Json> values = {{"b", Json(true)},
                                              {"n", Json(5)},
                                              {"s", Json(std::string("5"))},
                                              {"d", Json(5.0)}};
  EXPECT_TRUE(eval("${b} == true", values));
  EXPECT_FALSE(eval("${b} != true", values));
  EXPECT_TRUE(eval("${n} == 5", values));
  EXPECT_TRUE(eval("${n} == ${d}", values));  // integer and float compare numerically
  EXPECT_FALSE(eval("${s} == 5", values));    // "5" is not 5
  EXPECT_TRUE(eval("${s} == \"5\"", values));
  EXPECT_TRUE(eval("${missing} == null", values));
  EXPECT_FALSE(eval("${b} == 1", values));    // true is not 1
}

TEST(WhenExpression, OperatorsAndPrecedence) {
  EXPECT_TRUE(eval("true or false and false"));  // and binds tighter
  EXPECT_FALSE(eval("(true or false) and false"));
  EXPECT_TRUE(eval("not false and true"));
  EXPECT_TRUE(eval("not not true"));
  EXPECT_TRUE(eval("'a' != 'b' and ('x' == 'x')"));
}

TEST(WhenExpression, CollectsReferences) {
  auto expression = WhenExpression::parse("${steps.a.output.x} == 1 or ${params.y}");
  ASSERT_TRUE(expression.ok());
  ASSERT_EQ(expression->references().size(), 2u);
  EXPECT_EQ(expression->references()[0].text, "steps.a.output.x");
  EXPECT_EQ(expression->references()[1].root(), "params");
}

TEST(WhenExpression, RejectsBadSyntax) {
  for (const char* text : {"", "${a} ==", "(true", "true)", "yes", "'open", "${a", "1 2",
                           "== 1", "and", "${a b}", "true && false", "1.2.3"}) {
    EXPECT_FALSE(WhenExpression::parse(text).ok()) << text;
  }
}

}  // namespace
}  // namespace hsd::engine::detail
