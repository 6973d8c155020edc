#include "hsd/engine/compare_rules.hpp"

#include <algorithm>

namespace hsd::engine {

std::string compare_pattern_problem(std::string_view text, bool wildcards, bool allow_empty) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.empty()) {
    return allow_empty ? std::string() : std::string("must not be empty (\"\" is the whole object)");
  }
  if (text.front() != '/') return quoted + " is not a JSON pointer (RFC 6901: starting with \"/\")";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '~') continue;
    if (i + 1 >= text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) {
      return quoted + " is not a JSON pointer (RFC 6901: \"~\" only as ~0 or ~1)";
    }
  }
  if (!wildcards) {
    std::size_t start = 1;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find('/', start), text.size());
      if (text.substr(start, end - start) == "*") return quoted + " must not contain a \"*\" segment here";
      start = end + 1;
    }
  }
  return {};
}

CompareRules merge_compare_rules(const CompareRules& base, const CompareRules& extra) {
  CompareRules out = base;
  if (extra.key) out.key = extra.key;
  for (const auto& pattern : extra.ignore) {
    if (std::find(out.ignore.begin(), out.ignore.end(), pattern) == out.ignore.end()) out.ignore.push_back(pattern);
  }
  for (const auto& rule : extra.arrays) {
    auto found = std::find_if(out.arrays.begin(), out.arrays.end(),
                              [&](const CompareArrayRule& r) { return r.at == rule.at; });
    if (found != out.arrays.end()) {
      found->key = rule.key;
    } else {
      out.arrays.push_back(rule);
    }
  }
  return out;
}

}  // namespace hsd::engine
