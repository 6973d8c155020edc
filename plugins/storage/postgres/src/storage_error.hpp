// StorageError and fail(), shared by the storage plugins (plugins/storage/common), named here
// unqualified.
#pragma once

#include "storage_errors.hpp"

namespace hsd::plugins::postgres {

using storage::fail;
using storage::StorageError;

}  // namespace hsd::plugins::postgres
