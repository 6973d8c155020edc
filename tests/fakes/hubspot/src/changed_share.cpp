#include "changed_share.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "prng.hpp"

namespace hsd::fakes::detail {
namespace {

// A Prng stream of its own (the generator uses 1..7, the staging variant 101..102).
constexpr std::uint64_t kChangedStream = 103;
constexpr std::int64_t kDayMs = 86'400'000;
constexpr const char* kMark = " (changed)";

// One object that may be changed: its type and key for the planted list, and how to change it.
struct Candidate {
  const char* type;
  std::string key;
  const char* path;
  std::function<void()> change;
};

void add_properties(std::vector<Property>& props, const char* type, std::vector<Candidate>& out) {
  for (auto& p : props)
    out.push_back({type, p.name, "/description", [&p] {
                     p.description += kMark;
                     p.updated_ms += kDayMs;
                   }});
}

}  // namespace

std::vector<PlantedDifference> change_share(Portal& portal, std::uint64_t seed, double percent,
                                            const std::vector<PlantedDifference>& already) {
  if (!(percent >= 0.0 && percent <= 100.0))
    throw std::invalid_argument("change_percent must be between 0 and 100, got " + std::to_string(percent));
  std::vector<Candidate> all;
  for (auto& s : portal.schemas)
    all.push_back({"custom_object_schemas", s.name, "/description", [&s] {
                     s.description += kMark;
                     s.updated_ms += kDayMs;
                   }});
  add_properties(portal.contact_properties, "contact_properties", all);
  add_properties(portal.deal_properties, "deal_properties", all);
  for (auto& f : portal.flows)
    all.push_back({"workflows", f.name, "/description", [&f] {
                     f.description += kMark;
                     f.updated_ms += kDayMs;
                   }});
  for (auto& f : portal.forms)
    if (!f.archived)
      all.push_back({"forms", f.name, "/displayOptions/submitButtonText", [&f] {
                       f.submit_text += kMark;
                       f.updated_ms += kDayMs;
                     }});
  // The share is of everything served; the objects a variant planted on are not picked again.
  const auto count = static_cast<std::size_t>(std::llround(static_cast<double>(all.size()) * percent / 100.0));
  std::set<std::pair<std::string, std::string>> planted;
  for (const auto& p : already) planted.emplace(p.type, p.key);
  std::vector<Candidate*> pool;
  for (auto& c : all)
    if (!planted.count({c.type, c.key})) pool.push_back(&c);
  if (count > pool.size())
    throw std::invalid_argument("change_percent " + std::to_string(percent) + " asks for " + std::to_string(count) +
                                " changed objects; only " + std::to_string(pool.size()) + " can be changed");
  // A partial Fisher-Yates shuffle: the first `count` are a uniform pick, fixed by the seed.
  Prng rng = Prng::derive(seed, kChangedStream);
  for (std::size_t i = 0; i < count; ++i) std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
  pool.resize(count);
  // Listed in portal order (type by type), as the staging variant lists its own.
  std::sort(pool.begin(), pool.end());
  std::vector<PlantedDifference> changed;
  for (Candidate* c : pool) {
    c->change();
    changed.push_back({c->type, c->key, PlantedDifference::Kind::kChanged, {c->path}});
  }
  return changed;
}

}  // namespace hsd::fakes::detail
