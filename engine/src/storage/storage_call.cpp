#include "storage_call.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace hsd::engine::detail {

Error storage_error(hsd_status status, CallContext& call, std::string_view operation) {
  if (auto reported = call.error()) {
    Error e = std::move(*reported);
    // The status returned is authoritative; the message explains it.
    if (status != HSD_OK && status <= HSD_ERR_CANCELLED) e.code = static_cast<ErrorCode>(status);
    return e;
  }
  const ErrorCode code = status == HSD_OK || status > HSD_ERR_CANCELLED
                             ? ErrorCode::internal
                             : static_cast<ErrorCode>(status);
  return make_error(code, "storage " + std::string(operation) + " failed with status " +
                              std::to_string(status) + " and no message");
}

hsd_status RowCollector::on_row(void* user, hsd_str_view row) noexcept {
  try {
    static_cast<RowCollector*>(user)->rows.emplace_back(row.data ? row.data : "", row.size);
    return HSD_OK;
  } catch (...) {
    return HSD_ERR_INTERNAL;  // out of memory: stop the listing
  }
}

std::string to_json(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

Result<Poco::JSON::Object::Ptr> parse_row(const std::string& row, std::string_view operation) {
  try {
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(row);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
      return parsed.extract<Poco::JSON::Object::Ptr>();
    }
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::internal, "storage " + std::string(operation) +
                                               " handed back a row that is not JSON: " + e.message());
  }
  return make_error(ErrorCode::internal,
                    "storage " + std::string(operation) + " handed back a row that is not an object");
}

}  // namespace hsd::engine::detail
