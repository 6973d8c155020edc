#include "normalise.hpp"

#include <algorithm>
#include <numeric>

#include "keyed_array.hpp"

namespace hsd::engine::compare {
namespace {

class Normaliser {
 public:
  explicit Normaliser(const CompareRules& rules) : rules_(rules) {
    for (const auto& pattern : rules.ignore) ignore_.push_back(pointer_segments(pattern));
  }

  void walk(const Json& value, Segments& path) {
    if (JsonObject object = as_object(value)) {
      std::vector<std::string> names;
      for (const auto& [name, member] : *object) names.push_back(name);
      for (const auto& name : names) {
        path.push_back(name);
        if (ignored(path)) {
          object->remove(name);
        } else {
          walk(object->get(name), path);
        }
        path.pop_back();
      }
    } else if (JsonArray array = as_array(value)) {
      // Backwards, so that removing an element leaves the indexes still to visit alone.
      for (unsigned i = array->size(); i-- > 0;) {
        path.push_back(std::to_string(i));
        if (ignored(path)) {
          array->remove(i);
        } else {
          walk(array->get(i), path);
        }
        path.pop_back();
      }
      if (auto key = array_key_at(rules_, path)) order(array, *key, path);
    }
  }

  std::vector<std::string> warnings;

 private:
  bool ignored(const Segments& path) const {
    return std::any_of(ignore_.begin(), ignore_.end(), [&](const Segments& p) { return pattern_matches(p, path); });
  }

  void order(JsonArray array, const Segments& key, const Segments& path) {
    std::string problem;
    auto keys = element_keys(array, key, problem);
    if (!keys) {
      warnings.push_back((path.empty() ? std::string("(root)") : pointer_text(path)) + ": " + problem +
                         "; the array keeps its order");
      return;
    }
    std::vector<std::size_t> order(keys->size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return (*keys)[a] < (*keys)[b]; });
    std::vector<Json> elements(array->begin(), array->end());
    array->clear();
    for (std::size_t index : order) array->add(elements[index]);
  }

  const CompareRules& rules_;
  std::vector<Segments> ignore_;
};

}  // namespace

std::vector<std::string> normalise_in_place(Json& document, const CompareRules& rules) {
  Normaliser normaliser(rules);
  Segments path;
  normaliser.walk(document, path);
  return std::move(normaliser.warnings);
}

Result<Normalised> normalise(std::string_view raw, const CompareRules& rules) {
  auto parsed = parse_json(raw);
  if (!parsed) return parsed.error();
  Normalised out;
  out.document = std::move(*parsed);
  out.warnings = normalise_in_place(out.document, rules);
  return out;
}

}  // namespace hsd::engine::compare
