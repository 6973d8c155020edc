#include "when_expression.hpp"

#include <charconv>
#include <string>

namespace hsd::engine::detail {

struct WhenExpression::Node {
  enum class Kind { literal, reference, op_not, op_and, op_or, op_eq, op_ne };
  Kind kind = Kind::literal;
  Json literal;
  Reference reference;
  std::shared_ptr<const Node> left;
  std::shared_ptr<const Node> right;
};

namespace {

using Node = WhenExpression::Node;
using NodePtr = std::shared_ptr<const Node>;

struct Token {
  enum class Kind { end, lparen, rparen, eq, ne, word, number, string, reference };
  Kind kind = Kind::end;
  std::string text;
  std::size_t offset = 0;  // 0-based
};

Error syntax_error(const std::string& what, std::size_t offset) {
  return make_error(ErrorCode::invalid_argument,
                    "bad `when` expression: " + what + " at character " +
                        std::to_string(offset + 1));
}

bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

Result<std::vector<Token>> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Token::Kind::lparen : Token::Kind::rparen, std::string(1, c), i});
      ++i;
    } else if ((c == '=' || c == '!') && i + 1 < text.size() && text[i + 1] == '=') {
      tokens.push_back({c == '=' ? Token::Kind::eq : Token::Kind::ne, std::string(text.substr(i, 2)), i});
      i += 2;
    } else if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) return syntax_error("unterminated ${", i);
      tokens.push_back({Token::Kind::reference, std::string(text.substr(i + 2, close - i - 2)), i});
      i = close + 1;
    } else if (c == '\'' || c == '"') {
      std::string value;
      std::size_t j = i + 1;
      bool closed = false;
      while (j < text.size()) {
        if (text[j] == '\\' && j + 1 < text.size()) {
          value += text[j + 1];
          j += 2;
        } else if (text[j] == c) {
          closed = true;
          ++j;
          break;
        } else {
          value += text[j++];
        }
      }
      if (!closed) return syntax_error("unterminated string", i);
      tokens.push_back({Token::Kind::string, std::move(value), i});
      i = j;
    } else if (is_digit(c) || (c == '-' && i + 1 < text.size() && is_digit(text[i + 1]))) {
      std::size_t j = i + 1;
      while (j < text.size() && (is_digit(text[j]) || text[j] == '.')) ++j;
      tokens.push_back({Token::Kind::number, std::string(text.substr(i, j - i)), i});
      i = j;
    } else if (is_word_char(c)) {
      std::size_t j = i;
      while (j < text.size() && (is_word_char(text[j]) || is_digit(text[j]))) ++j;
      tokens.push_back({Token::Kind::word, std::string(text.substr(i, j - i)), i});
      i = j;
    } else {
      return syntax_error(std::string("unexpected '") + c + "'", i);
    }
  }
  tokens.push_back({Token::Kind::end, {}, text.size()});
  return tokens;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::vector<Reference>& references)
      : tokens_(std::move(tokens)), references_(references) {}

  Result<NodePtr> parse_all() {
    auto node = parse_or();
    if (!node) return node;
    if (peek().kind != Token::Kind::end) return syntax_error("unexpected '" + peek().text + "'", peek().offset);
    return node;
  }

 private:
  const Token& peek() const { return tokens_[position_]; }
  bool peek_word(std::string_view word) const {
    return peek().kind == Token::Kind::word && peek().text == word;
  }
  const Token& next() { return tokens_[position_++]; }

  static NodePtr binary(Node::Kind kind, NodePtr left, NodePtr right) {
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->left = std::move(left);
    node->right = std::move(right);
    return node;
  }

  Result<NodePtr> parse_or() {
    auto left = parse_and();
    if (!left) return left;
    NodePtr node = *left;
    while (peek_word("or")) {
      next();
      auto right = parse_and();
      if (!right) return right;
      node = binary(Node::Kind::op_or, node, *right);
    }
    return node;
  }

  Result<NodePtr> parse_and() {
    auto left = parse_unary();
    if (!left) return left;
    NodePtr node = *left;
    while (peek_word("and")) {
      next();
      auto right = parse_unary();
      if (!right) return right;
      node = binary(Node::Kind::op_and, node, *right);
    }
    return node;
  }

  Result<NodePtr> parse_unary() {
    if (peek_word("not")) {
      next();
      auto operand = parse_unary();
      if (!operand) return operand;
      return binary(Node::Kind::op_not, *operand, nullptr);
    }
    return parse_compare();
  }

  Result<NodePtr> parse_compare() {
    auto left = parse_primary();
    if (!left) return left;
    if (peek().kind == Token::Kind::eq || peek().kind == Token::Kind::ne) {
      const auto kind = next().kind == Token::Kind::eq ? Node::Kind::op_eq : Node::Kind::op_ne;
      auto right = parse_primary();
      if (!right) return right;
      return binary(kind, *left, *right);
    }
    return left;
  }

  Result<NodePtr> parse_primary() {
    const Token token = next();
    auto node = std::make_shared<Node>();
    switch (token.kind) {
      case Token::Kind::lparen: {
        auto inner = parse_or();
        if (!inner) return inner;
        if (peek().kind != Token::Kind::rparen) return syntax_error("expected ')'", peek().offset);
        next();
        return inner;
      }
      case Token::Kind::reference: {
        auto reference = parse_reference(token.text);
        if (!reference) return syntax_error(reference.error().message, token.offset);
        node->kind = Node::Kind::reference;
        node->reference = *reference;
        references_.push_back(*reference);
        return NodePtr(node);
      }
      case Token::Kind::string:
        node->literal = token.text;
        return NodePtr(node);
      case Token::Kind::number: {
        if (token.text.find('.') == std::string::npos) {
          Poco::Int64 value = 0;
          auto [end, ec] = std::from_chars(token.text.data(), token.text.data() + token.text.size(), value);
          if (ec == std::errc() && end == token.text.data() + token.text.size()) {
            node->literal = value;
            return NodePtr(node);
          }
        } else {
          std::size_t used = 0;
          try {
            const double value = std::stod(token.text, &used);
            if (used == token.text.size()) {
              node->literal = value;
              return NodePtr(node);
            }
          } catch (const std::exception&) {
            // falls through to the error below
          }
        }
        return syntax_error("bad number '" + token.text + "'", token.offset);
      }
      case Token::Kind::word:
        if (token.text == "true" || token.text == "false") {
          node->literal = token.text == "true";
          return NodePtr(node);
        }
        if (token.text == "null") return NodePtr(node);
        return syntax_error("unexpected word '" + token.text +
                                "' (quote text, write references as ${...})",
                            token.offset);
      case Token::Kind::end:
        return syntax_error("expected an operand, found the end", token.offset);
      default:
        return syntax_error("expected an operand, found '" + token.text + "'", token.offset);
    }
  }

  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  std::vector<Reference>& references_;
};

Json evaluate_node(const Node& node, const WhenExpression::Resolver& resolve) {
  switch (node.kind) {
    case Node::Kind::literal: return node.literal;
    case Node::Kind::reference: return resolve(node.reference);
    case Node::Kind::op_not: return !truthy(evaluate_node(*node.left, resolve));
    case Node::Kind::op_and:
      return truthy(evaluate_node(*node.left, resolve)) && truthy(evaluate_node(*node.right, resolve));
    case Node::Kind::op_or:
      return truthy(evaluate_node(*node.left, resolve)) || truthy(evaluate_node(*node.right, resolve));
    case Node::Kind::op_eq:
      return json_equal(evaluate_node(*node.left, resolve), evaluate_node(*node.right, resolve));
    case Node::Kind::op_ne:
      return !json_equal(evaluate_node(*node.left, resolve), evaluate_node(*node.right, resolve));
  }
  return Json();
}

}  // namespace

Result<WhenExpression> WhenExpression::parse(std::string_view text) {
  auto tokens = tokenize(text);
  if (!tokens) return tokens.error();
  WhenExpression expression;
  Parser parser(std::move(*tokens), expression.references_);
  auto root = parser.parse_all();
  if (!root) return root.error();
  expression.root_ = *root;
  return expression;
}

bool WhenExpression::evaluate(const Resolver& resolve) const {
  return root_ && truthy(evaluate_node(*root_, resolve));
}

}  // namespace hsd::engine::detail
