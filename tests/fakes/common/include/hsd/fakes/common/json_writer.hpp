// A tiny streaming JSON writer. The fakes need exact, stable bytes, which Poco's JSON objects
// do not give: fixed key order, raw UTF-8 and no escaped slashes (as HubSpot's Jackson writes
// them), and bytes that stay equal while a resource does not change (GitHub's ETags hash them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::fakes::common {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  JsonWriter& number(std::int64_t n);
  JsonWriter& boolean(bool b);
  JsonWriter& null();
  /** Inserts already-serialised JSON verbatim (a cached object text). */
  JsonWriter& raw(std::string_view json);

  // Field shorthands: key(name) followed by the value.
  JsonWriter& str(std::string_view name, std::string_view text) { return key(name).string(text); }
  JsonWriter& num(std::string_view name, std::int64_t n) { return key(name).number(n); }
  JsonWriter& flag(std::string_view name, bool b) { return key(name).boolean(b); }
  JsonWriter& raw(std::string_view name, std::string_view json) { return key(name).raw(json); }
  JsonWriter& strings(std::string_view name, const std::vector<std::string>& items);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> first_;  // per open container: no comma needed yet
  bool after_key_ = false;
};

}  // namespace hsd::fakes::common
