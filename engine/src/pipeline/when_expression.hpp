// The `when:` condition language, deliberately small:
//   expr    := or
//   or      := and ("or" and)*
//   and     := unary ("and" unary)*
//   unary   := "not" unary | compare
//   compare := primary (("==" | "!=") primary)?
//   primary := "(" expr ")" | ${reference} | true | false | null | number | 'text' | "text"
// A lone operand is truthy when it is true, a non-zero number, a non-empty string, or any
// object or list; null and missing values are false. Comparisons are typed: "5" != 5.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "json_value.hpp"
#include "reference.hpp"

namespace hsd::engine::detail {

class WhenExpression {
 public:
  using Resolver = std::function<Json(const Reference&)>;

  // Fails with a message that says what was expected and at which character offset (1-based).
  static Result<WhenExpression> parse(std::string_view text);

  const std::vector<Reference>& references() const { return references_; }
  bool evaluate(const Resolver& resolve) const;

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
  std::vector<Reference> references_;
};

}  // namespace hsd::engine::detail
