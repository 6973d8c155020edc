#include "quick_json.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "json_value.hpp"

namespace hsd::engine::compare {
namespace {

namespace dom = simdjson::dom;

// One parser per side and thread: a parsed document lives in its parser until the next parse.
dom::parser& parser(int which) {
  thread_local dom::parser parsers[2];
  return parsers[which];
}

std::optional<dom::element> parse(std::string_view text, int which) {
  dom::element element;
  // parse() copies into its own padded buffer when the text's capacity lacks the padding.
  if (parser(which).parse(text.data(), text.size(), true).get(element) != simdjson::SUCCESS) return std::nullopt;
  return element;
}

bool same(dom::element a, dom::element b);

using Members = std::vector<std::pair<std::string_view, dom::element>>;

// The members ordered by name; false when a name repeats (which value counts is Poco's call).
bool sorted_members(dom::object object, Members& out) {
  out.clear();
  for (auto field : object) out.emplace_back(field.key, field.value);
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  return std::adjacent_find(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first == y.first; }) ==
         out.end();
}

// Member order carries no meaning (a backup writes members sorted by name, HubSpot does not).
bool same_object(dom::object a, dom::object b) {
  if (a.size() != b.size()) return false;
  // Most pairs list their members in one order: walk both at once first.
  bool in_order = true;
  auto ib = b.begin();
  for (auto field : a) {
    if (field.key != ib.key()) {
      in_order = false;
      break;
    }
    ++ib;
  }
  if (!in_order) {
    Members x, y;
    if (!sorted_members(a, x) || !sorted_members(b, y)) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i].first != y[i].first || !same(x[i].second, y[i].second)) return false;
    return true;
  }
  // In order, a name may still repeat; Poco keeps the last value, so equal sequences agree.
  ib = b.begin();
  for (auto field : a) {
    if (!same(field.value, ib.value())) return false;
    ++ib;
  }
  return true;
}

bool same_array(dom::array a, dom::array b) {
  if (a.size() != b.size()) return false;
  auto ib = b.begin();
  for (auto element : a) {
    if (!same(element, *ib)) return false;
    ++ib;
  }
  return true;
}

bool same(dom::element a, dom::element b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case dom::element_type::OBJECT: {
      dom::object x, y;
      return !a.get(x) && !b.get(y) && same_object(x, y);
    }
    case dom::element_type::ARRAY: {
      dom::array x, y;
      return !a.get(x) && !b.get(y) && same_array(x, y);
    }
    case dom::element_type::STRING: {
      std::string_view x, y;
      return !a.get(x) && !b.get(y) && x == y;
    }
    case dom::element_type::INT64: {
      std::int64_t x = 0, y = 0;
      return !a.get(x) && !b.get(y) && x == y;
    }
    case dom::element_type::UINT64: {
      std::uint64_t x = 0, y = 0;
      return !a.get(x) && !b.get(y) && x == y;
    }
    case dom::element_type::DOUBLE: {
      // == calls -0.0 and 0.0 equal, as Poco's values do.
      double x = 0, y = 0;
      return !a.get(x) && !b.get(y) && x == y;
    }
    case dom::element_type::BOOL: {
      bool x = false, y = false;
      return !a.get(x) && !b.get(y) && x == y;
    }
    case dom::element_type::NULL_VALUE:
      return true;
  }
  return false;
}

}  // namespace

std::optional<QuickKey> quick_key(std::string_view raw, std::string_view pointer) {
  const Segments segments = pointer_segments(pointer);
  if (segments.size() != 1) return std::nullopt;
  const auto document = parse(raw, 0);
  dom::object object;
  if (!document || document->get(object)) return std::nullopt;
  std::optional<dom::element> member;
  for (auto field : object) {
    if (field.key != segments[0]) continue;
    if (member) return std::nullopt;  // named twice: which one counts is Poco's business
    member = field.value;
  }
  if (!member || member->is_null()) return QuickKey{};
  std::string_view text;
  if (member->get(text)) return std::nullopt;
  return QuickKey{true, json_text(Json(std::string(text)))};
}

bool same_json(std::string_view left, std::string_view right) {
  const auto a = parse(left, 0);
  if (!a) return false;
  const auto b = parse(right, 1);
  return b && same(*a, *b);
}

}  // namespace hsd::engine::compare
