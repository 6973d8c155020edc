// File names that are safe on every file system (Linux, macOS, Windows; case-sensitive or
// not) for arbitrary object ids, and a mapping from ids to names that is deterministic and
// injective within a folder.
//
// safe_name(id):
//   - bytes outside [A-Za-z0-9._-] become %XX (uppercase hex), so '/', '\\', ':', '*', '?',
//     '"', '<', '>', '|', '%', '~', spaces, control bytes and all non-ASCII bytes are encoded
//     (this also side-steps Unicode normalisation on macOS);
//   - a leading or trailing '.' is encoded;
//   - a Windows reserved stem (CON, PRN, AUX, NUL, COM0-9, LPT0-9 before the first '.') has
//     its first character encoded;
//   - the empty id is "%EMPTY" (never the output of encoding: 'M' is not a hex digit);
//   - a name longer than kMaxNameBytes is cut and gets "~" + a hash of the id.
// Without truncation the encoding is injective (it can be decoded). '~' never appears
// unencoded, so a "~<hash>" suffix cannot be confused with an encoded id.
//
// assign_names(ids) additionally gives every name that would collide with another one when
// compared case-insensitively (or with a reserved name) a "~<hash>" suffix, so that the
// names of one folder stay distinct on case-insensitive file systems.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::github::backup {

inline constexpr std::size_t kMaxNameBytes = 120;  // without the ".json" extension

std::string safe_name(std::string_view id);

// "~" + 16 lowercase hex digits of SHA-1(id).
std::string name_suffix(std::string_view id);

// Distinct, case-insensitively distinct names for distinct ids, none equal (ignoring case) to
// one of reserved_lower (given in lowercase). Equal ids get equal names.
std::vector<std::string> assign_names(const std::vector<std::string_view>& ids,
                                      const std::vector<std::string>& reserved_lower = {});

std::string ascii_lower(std::string_view s);

}  // namespace hsd::plugins::github::backup
