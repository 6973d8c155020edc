// Value, one bound SQL parameter, shared by the storage plugins (plugins/storage/common), named
// here unqualified.
#pragma once

#include "storage_value.hpp"

namespace hsd::plugins::postgres {

using storage::Value;

}  // namespace hsd::plugins::postgres
