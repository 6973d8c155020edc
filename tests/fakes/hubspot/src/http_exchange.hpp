// The request and reply as handlers see them: plain values, no Poco types, so handlers are
// easy to read and the request pipeline can rewrite a reply (malformed-body fault) before sending.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hsd/fakes/common/form_codec.hpp"

namespace hsd::fakes::detail {

using Params = common::Params;

struct Request {
  std::string method;
  std::string path;   // decoded, without the query
  std::string query_string;
  Params query;
  std::string content_type;
  std::string authorization;
  std::string body;
  std::map<std::string, std::string> captures;  // {name} segments of the matched route

  std::optional<std::string> param(const std::string& name) const;  // first query value
  std::vector<std::string> params(const std::string& name) const;   // every query value
  bool is_form() const;
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json;charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Reply json(int status, std::string body) { return Reply{status, "application/json;charset=utf-8", std::move(body), {}}; }
  static Reply html(int status, std::string body) { return Reply{status, "text/html;charset=utf-8", std::move(body), {}}; }
  static Reply empty(int status) { return Reply{status, "", "", {}}; }
};

}  // namespace hsd::fakes::detail
