// A small streaming JSON writer: fixed key order gives stable bytes, so ETags (a hash of the
// body) stay equal while the resource does not change.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::fakes::detail {

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
  JsonWriter& raw(std::string_view json);  ///< already-serialised JSON

  JsonWriter& str(std::string_view name, std::string_view text) { return key(name).string(text); }
  JsonWriter& num(std::string_view name, std::int64_t n) { return key(name).number(n); }
  JsonWriter& flag(std::string_view name, bool b) { return key(name).boolean(b); }

  std::string take() { return std::move(out_); }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace hsd::fakes::detail
