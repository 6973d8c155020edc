// Generic record operations over the whitelisted entities (insert, update with
// compare-and-set, remove, find) and the connection cascade delete.
#pragma once

#include <hsd/abi.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "session.hpp"

namespace hsd::plugins::postgres {

// Receives one row as JSON text; a non-OK status stops a listing and is returned as is.
using RowSink = std::function<hsd_status(std::string_view row_json)>;

class Records {
 public:
  // Each returns the stored row as JSON; all throw StorageError.
  static std::string insert(Session& session, std::string_view entity, std::string_view record_json);
  static std::string update(Session& session, std::string_view entity, std::int64_t id,
                            std::string_view patch_json, std::string_view expected_json);
  static void remove(Session& session, std::string_view entity, std::int64_t id);
  static hsd_status find(Session& session, std::string_view entity, std::string_view query_json,
                         const RowSink& sink);
  static void delete_connection(Session& session, std::int64_t connection_id);
};

}  // namespace hsd::plugins::postgres
