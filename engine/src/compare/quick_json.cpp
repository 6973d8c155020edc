#include "quick_json.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
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

using Path = std::vector<std::string_view>;
using Members = std::vector<std::pair<std::string_view, dom::element>>;

bool digits(std::string_view segment) {
  return !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool matches(const Segments& pattern, const Path& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i)
    if (pattern[i] != "*" && pattern[i] != path[i]) return false;
  return true;
}

}  // namespace

namespace detail {

// Equality of two documents as normalise() would leave them, walked side by side: members the
// rules ignore are skipped, keyed arrays pair their elements by key, everything else must be
// the same JSON. It answers true only where normalise() would give equal documents and no
// warning; any case it does not follow exactly answers false (then the caller normalises).
class RuleEquality {
 public:
  explicit RuleEquality(const CompareRules& rules) {
    for (const auto& pattern : rules.ignore) ignore_.push_back(pointer_segments(pattern));
    for (const auto& rule : rules.arrays) arrays_.emplace_back(pointer_segments(rule.at), pointer_segments(rule.key));
    // A digit in a pattern may name an array index, and indexes move when keyed arrays are
    // ordered (normalise() reads patterns against the original indexes): not followed here.
    for (const auto& pattern : ignore_)
      usable_ = usable_ && std::none_of(pattern.begin(), pattern.end(), [](const auto& s) { return digits(s); });
    for (const auto& [at, key] : arrays_) {
      for (const auto* segments : {&at, &key})
        usable_ = usable_ && std::none_of(segments->begin(), segments->end(), [](const auto& s) { return digits(s); });
    }
  }

  bool usable() const { return usable_; }

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
        // == calls -0.0 and 0.0 equal, as Poco's values do. 1 against 1.0 is left to Poco.
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

 private:
  bool ignored() const {
    return std::any_of(ignore_.begin(), ignore_.end(), [&](const Segments& p) { return matches(p, path_); });
  }

  // The members the rules keep, ordered by name; false when a name repeats (which value counts
  // is Poco's call).
  bool kept_members(dom::object object, Members& out) {
    out.clear();
    for (auto field : object) {
      path_.push_back(field.key);
      const bool drop = ignored();
      path_.pop_back();
      if (!drop) out.emplace_back(field.key, field.value);
    }
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    return std::adjacent_find(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first == y.first; }) ==
           out.end();
  }

  bool same_object(dom::object a, dom::object b) {
    Members x, y;
    if (!kept_members(a, x) || !kept_members(b, y) || x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i].first != y[i].first) return false;
      path_.push_back(x[i].first);
      const bool equal = same(x[i].second, y[i].second);
      path_.pop_back();
      if (!equal) return false;
    }
    return true;
  }

  const Segments* array_key() const {
    for (const auto& [at, key] : arrays_)
      if (matches(at, path_)) return &key;
    return nullptr;
  }

  // An element's key, when it is a string the rules leave alone (normalise() would read the
  // same text); nullopt otherwise. The element's path is on path_.
  std::optional<std::string_view> key_of(dom::element element, const Segments& key) {
    dom::element at = element;
    const std::size_t depth = path_.size();
    bool fine = true;
    for (const auto& segment : key) {
      dom::object object;
      path_.push_back(segment);
      if (at.get(object) || ignored() || object.at_key(segment).get(at)) {
        fine = false;
        break;
      }
    }
    path_.resize(depth);
    std::string_view text;
    if (!fine || at.get(text)) return std::nullopt;
    return text;
  }

  // Elements ordered by their (string, distinct) keys; false when normalise() would keep the
  // order and warn instead.
  bool keyed_elements(dom::array array, const Segments& key, Members& out) {
    out.clear();
    path_.push_back("0");  // any index: no pattern names one (usable_)
    for (auto element : array) {
      const auto text = key_of(element, key);
      if (!text) {
        path_.pop_back();
        return false;
      }
      out.emplace_back(*text, element);
    }
    path_.pop_back();
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    return std::adjacent_find(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first == y.first; }) ==
           out.end();
  }

  bool same_array(dom::array a, dom::array b) {
    if (a.size() != b.size()) return false;
    path_.push_back("0");
    const bool element_ignored = ignored();  // an ignored element: normalise() removes it
    path_.pop_back();
    if (element_ignored) return false;
    if (const Segments* key = array_key()) {
      Members x, y;
      if (!keyed_elements(a, *key, x) || !keyed_elements(b, *key, y)) return false;
      path_.push_back("0");
      bool equal = true;
      for (std::size_t i = 0; equal && i < x.size(); ++i) equal = x[i].first == y[i].first && same(x[i].second, y[i].second);
      path_.pop_back();
      return equal;
    }
    path_.push_back("0");
    bool equal = true;
    auto ib = b.begin();
    for (auto element : a) {
      if (!same(element, *ib)) {
        equal = false;
        break;
      }
      ++ib;
    }
    path_.pop_back();
    return equal;
  }

  std::vector<Segments> ignore_;
  std::vector<std::pair<Segments, Segments>> arrays_;
  bool usable_ = true;
  Path path_;
};

}  // namespace detail

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

bool same_normalised(std::string_view left, std::string_view right, const CompareRules& rules) {
  return NormalisedEquality(rules)(left, right);
}

NormalisedEquality::NormalisedEquality(const CompareRules& rules)
    : equality_(std::make_unique<detail::RuleEquality>(rules)) {}

NormalisedEquality::~NormalisedEquality() = default;

bool NormalisedEquality::operator()(std::string_view left, std::string_view right) {
  if (!equality_->usable()) return false;
  const auto a = parse(left, 0);
  if (!a) return false;
  const auto b = parse(right, 1);
  return b && equality_->same(*a, *b);
}

namespace {

bool json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool delimiter(char c) {
  return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == '"';
}

// The end of the string whose opening quote is at `open`: just past its closing quote (a quote
// after an even run of backslashes), or the text's end for a string left open.
std::size_t string_end(std::string_view in, std::size_t open) {
  std::size_t from = open + 1;
  while (true) {
    const void* hit = from < in.size() ? std::memchr(in.data() + from, '"', in.size() - from) : nullptr;
    if (hit == nullptr) return in.size();
    const auto quote = static_cast<std::size_t>(static_cast<const char*>(hit) - in.data());
    std::size_t backslashes = 0;
    while (quote - backslashes > open + 1 && in[quote - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return quote + 1;
    from = quote + 1;
  }
}

}  // namespace

std::string compact_json(std::string_view in) {
  // One pass into a buffer kept per thread (it grows to the largest object seen), then one
  // copy of the exact size: no string of the pretty size is ever handed out.
  thread_local std::string buffer;
  buffer.resize(in.size());
  char* out = buffer.data();
  char last = '\0';  // the last byte written outside a string; '\0' before the first
  std::size_t i = 0;
  const std::size_t n = in.size();
  while (i < n) {
    const char c = in[i];
    if (c == '"') {
      const std::size_t end = string_end(in, i);
      std::memcpy(out, in.data() + i, end - i);
      out += end - i;
      last = '"';
      i = end;
    } else if (json_space(c)) {
      std::size_t j = i + 1;
      while (j < n && json_space(in[j])) ++j;
      if (last != '\0' && !delimiter(last) && j < n && !delimiter(in[j])) *out++ = ' ';
      i = j;
    } else {
      *out++ = c;
      last = c;
      ++i;
    }
  }
  return std::string(buffer.data(), static_cast<std::size_t>(out - buffer.data()));
}

}  // namespace hsd::engine::compare
