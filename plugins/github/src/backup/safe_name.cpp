#include "safe_name.hpp"

#include "git_util.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

namespace hsd::plugins::github::backup {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool plain_byte(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

void encode_byte(std::string& out, unsigned char c) {
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

bool windows_reserved_stem(std::string_view name) {
  const std::string stem = ascii_lower(name.substr(0, name.find('.')));
  static const std::array<std::string_view, 4> kPlain = {"con", "prn", "aux", "nul"};
  if (std::find(kPlain.begin(), kPlain.end(), stem) != kPlain.end()) return true;
  if (stem.size() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")) && stem[3] >= '0' &&
      stem[3] <= '9') {
    return true;
  }
  return false;
}

// Cuts an encoded name to at most max bytes without splitting a %XX triplet.
std::string cut(std::string_view name, std::size_t max) {
  if (name.size() <= max) return std::string(name);
  std::size_t end = max;
  // A '%' in the last two kept positions starts a triplet that would be split.
  for (std::size_t back = 1; back <= 2 && back <= end; ++back) {
    if (name[end - back] == '%') {
      end -= back;
      break;
    }
  }
  return std::string(name.substr(0, end));
}

std::string with_suffix(std::string_view base, std::string_view id) {
  const std::string suffix = name_suffix(id);
  std::string out = cut(base, kMaxNameBytes - suffix.size());
  // A '.' before the suffix would be fine, but a cut may leave a trailing '.' or ' ' in the
  // base; the suffix follows it, so the name never ends with one.
  out += suffix;
  return out;
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string name_suffix(std::string_view id) {
  ensure_libgit2();
  git_oid oid;
  git_odb_hash(&oid, id.data(), id.size(), GIT_OBJECT_BLOB);
  return "~" + oid_hex(oid).substr(0, 16);
}

std::string safe_name(std::string_view id) {
  if (id.empty()) return "%EMPTY";
  std::string out;
  out.reserve(id.size() + 8);
  for (std::size_t i = 0; i < id.size(); ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    const bool edge = i == 0 || i + 1 == id.size();
    if (plain_byte(c) && !(c == '.' && edge)) {
      out += static_cast<char>(c);
    } else {
      encode_byte(out, c);
    }
  }
  if (windows_reserved_stem(out)) {
    const auto first = static_cast<unsigned char>(out[0]);
    std::string encoded;
    encode_byte(encoded, first);
    out.replace(0, 1, encoded);
  }
  if (out.size() > kMaxNameBytes) return with_suffix(out, id);
  return out;
}

std::vector<std::string> assign_names(const std::vector<std::string_view>& ids,
                                      const std::vector<std::string>& reserved_lower) {
  std::vector<std::string> names;
  names.reserve(ids.size());
  // Distinct ids per case-folded name.
  std::unordered_map<std::string, std::unordered_set<std::string_view>> groups;
  groups.reserve(ids.size());
  for (std::string_view id : ids) {
    names.push_back(safe_name(id));
    groups[ascii_lower(names.back())].insert(id);
  }
  const std::unordered_set<std::string> reserved(reserved_lower.begin(), reserved_lower.end());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string folded = ascii_lower(names[i]);
    if (groups[folded].size() > 1 || reserved.count(folded) != 0) names[i] = with_suffix(names[i], ids[i]);
  }
  // Suffixed names differ by the hash of their ids; only a 64-bit hash collision (or a name
  // that already carried the same suffix) could still clash. Resolve that deterministically by
  // the ids' byte order, so injectivity never depends on luck.
  std::unordered_map<std::string, std::string_view> taken;
  std::vector<std::size_t> order(ids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
  for (std::size_t i : order) {
    std::string folded = ascii_lower(names[i]);
    auto it = taken.find(folded);
    if (it == taken.end() && reserved.count(folded) == 0) {
      taken.emplace(std::move(folded), ids[i]);
      continue;
    }
    if (it != taken.end() && it->second == ids[i]) continue;  // the same id twice
    for (unsigned n = 2;; ++n) {
      std::string candidate = cut(names[i], kMaxNameBytes - 12) + "~" + std::to_string(n);
      std::string candidate_folded = ascii_lower(candidate);
      if (taken.count(candidate_folded) == 0 && reserved.count(candidate_folded) == 0) {
        names[i] = std::move(candidate);
        taken.emplace(std::move(candidate_folded), ids[i]);
        break;
      }
    }
  }
  return names;
}

}  // namespace hsd::plugins::github::backup
