#include "reference.hpp"

namespace hsd::engine::detail {
namespace {

bool is_segment_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

Result<Reference> parse_reference(std::string_view inside) {
  Reference reference;
  reference.text = std::string(inside);
  if (inside.empty()) return make_error(ErrorCode::invalid_argument, "empty reference ${}");
  std::string segment;
  for (char c : inside) {
    if (c == '.') {
      if (segment.empty()) {
        return make_error(ErrorCode::invalid_argument,
                          "bad reference ${" + reference.text + "}: empty path segment");
      }
      reference.path.push_back(std::move(segment));
      segment.clear();
    } else if (is_segment_char(c)) {
      segment += c;
    } else {
      return make_error(ErrorCode::invalid_argument, "bad reference ${" + reference.text +
                                                         "}: unexpected character '" +
                                                         std::string(1, c) + "'");
    }
  }
  if (segment.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "bad reference ${" + reference.text + "}: empty path segment");
  }
  reference.path.push_back(std::move(segment));
  return reference;
}

Result<std::vector<TemplatePart>> parse_template(std::string_view text) {
  std::vector<TemplatePart> parts;
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      literal += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") == 0) {
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        return make_error(ErrorCode::invalid_argument,
                          "unterminated reference: '${' without a closing '}'");
      }
      auto reference = parse_reference(text.substr(i + 2, close - i - 2));
      if (!reference) return reference.error();
      if (!literal.empty()) {
        parts.push_back(TemplatePart{false, std::move(literal), {}});
        literal.clear();
      }
      parts.push_back(TemplatePart{true, {}, std::move(*reference)});
      i = close + 1;
      continue;
    }
    literal += text[i];
    ++i;
  }
  if (!literal.empty()) parts.push_back(TemplatePart{false, std::move(literal), {}});
  return parts;
}

bool is_single_reference(const std::vector<TemplatePart>& parts) {
  return parts.size() == 1 && parts.front().is_reference;
}

}  // namespace hsd::engine::detail
