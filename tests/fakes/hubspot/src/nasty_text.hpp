// Labels that break naive clients: multi-byte UTF-8, emoji (ZWJ sequences and 4-byte code
// points), quotes, slashes, backslashes, newlines, tabs, RTL text and markup.
#pragma once

#include <string>
#include <string_view>

#include "prng.hpp"

namespace hsd::fakes::detail {

/** How many distinct nasty fragments exist; item i < this gets fragment i, so all appear. */
int nasty_fragment_count();
std::string_view nasty_fragment(int index);

/** `base` decorated with a nasty fragment; `index` < nasty_fragment_count() picks it directly. */
std::string nasty_label(Prng& rng, std::string_view base, int index);

}  // namespace hsd::fakes::detail
