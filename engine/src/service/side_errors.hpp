// Comparison sides in request bodies (routes_comparisons.cpp, routes_watches.cpp): a side that
// does not resolve is bad input about that side, answered 422 naming it (`left`,
// `right.snapshot`, `against`), even when what it names is missing: the missing thing is not
// the resource the URL names.
#pragma once

#include <string>
#include <vector>

#include "api.hpp"

namespace hsd::engine::service {

// The error as a field error when its message starts with "FIELD: ", "FIELD.KEY: " or
// "FIELD[N]: " for one of `fields`; other errors (storage trouble, a conflict) are returned unchanged.
Error side_field_error(const Error& error, const std::vector<std::string>& fields);

}  // namespace hsd::engine::service
