#include "snapshot_writer.hpp"

#include <algorithm>

namespace hsd::engine {
namespace {

std::string_view view(hsd_str_view s) { return s.data ? std::string_view(s.data, s.size) : ""; }

// A cheap shape check: full parsing is the reader's job, but a body that is not even
// braced is a plugin bug worth stopping for.
bool looks_like_object(std::string_view data) {
  const auto first = data.find_first_not_of(" \t\r\n");
  const auto last = data.find_last_not_of(" \t\r\n");
  return first != std::string_view::npos && data[first] == '{' && data[last] == '}';
}

}  // namespace

Status SnapshotWriter::add(const hsd_object& object) {
  const std::string type(view(object.type));
  const std::string id(view(object.id));
  if (std::find(types_.begin(), types_.end(), type) == types_.end()) {
    std::string allowed;
    for (const auto& t : types_) allowed += (allowed.empty() ? "" : ", ") + t;
    return make_error(ErrorCode::invalid_argument,
                      "object '" + id + "' has type '" + type + "', which the plugin does not declare; allowed: " + allowed);
  }
  if (id.empty()) return make_error(ErrorCode::invalid_argument, "an object of type '" + type + "' has an empty id");
  if (!looks_like_object(view(object.data_json))) {
    return make_error(ErrorCode::invalid_argument, "object '" + id + "' of type '" + type + "' is not a JSON object");
  }
  batch_.push_back(ObjectRecord{type, id, std::string(view(object.name)), std::string(view(object.data_json))});
  ++count_;
  ++by_type_[type];
  if (batch_.size() >= kBatchSize) return flush();
  return {};
}

Status SnapshotWriter::flush() {
  if (batch_.empty()) return {};
  auto status = session_.snapshot_add_objects(snapshot_id_, batch_);
  batch_.clear();
  return status;
}

}  // namespace hsd::engine
