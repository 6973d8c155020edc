#include "nasty_text.hpp"

#include <array>

namespace hsd::fakes::detail {
namespace {

// Written as UTF-8 source text; the escapes are the JSON-relevant characters themselves.
constexpr std::array<std::string_view, 18> kFragments = {
    "Gr\xC3\xB6\xC3\x9F" "e \xC3\xBC" "ber",                       // Größe über
    "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE3\x83\xA9\xE3\x83\x99\xE3\x83\xAB",  // 日本語のラベル
    "\xF0\x9F\x9A\x80 Launch \xF0\x9F\x8E\x89",                     // 🚀 Launch 🎉
    "Family \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",  // ZWJ family
    "He said \"hi\"",
    "a/b/c and </script>",
    "line one\nline two",
    "back\\slash C:\\temp\\",
    "tab\there",
    "\xCE\xA9\xCE\xBC\xCE\xAD\xCE\xB3\xCE\xB1",                     // Ωμέγα
    "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 RTL",                 // مرحبا RTL
    "zero\xE2\x80\x8Bwidth",                                       // U+200B inside
    "e\xCC\x81 combining accent",                                   // e + U+0301
    "\xF0\x9D\x94\x98\xF0\x9D\x94\xAB\xF0\x9D\x94\xA6 math letters",  // 𝔘𝔫𝔦
    "100% & <b>bold</b> 'single'",
    "trailing space ",
    "{\"looks\":\"like json\"}",
    "caf\xC3\xA9 \xE2\x82\xAC 9,99",                                // café € 9,99
};

}  // namespace

int nasty_fragment_count() { return static_cast<int>(kFragments.size()); }

std::string_view nasty_fragment(int index) {
  return kFragments[static_cast<std::size_t>(index) % kFragments.size()];
}

std::string nasty_label(Prng& rng, std::string_view base, int index) {
  std::string out(base);
  // Early items cover every fragment; later ones are nasty two times in three.
  if (index < nasty_fragment_count()) {
    out += ' ';
    out += kFragments[static_cast<std::size_t>(index)];
  } else if (rng.below(3) != 0) {
    out += ' ';
    out += kFragments[rng.below(kFragments.size())];
  }
  return out;
}

}  // namespace hsd::fakes::detail
