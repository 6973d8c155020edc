#include "test_catalog.hpp"

namespace hsd::engine::test {

ParamInfo param(std::string name, std::string type, bool required, std::string default_json) {
  ParamInfo info;
  info.name = std::move(name);
  info.type = std::move(type);
  info.required = required;
  info.default_json = std::move(default_json);
  return info;
}

namespace {

ActionInfo action(std::string name, std::vector<ParamInfo> params = {}) {
  ActionInfo info;
  info.name = std::move(name);
  info.params = std::move(params);
  return info;
}

}  // namespace

StaticActionCatalog make_test_catalog() {
  StaticActionCatalog catalog;
  catalog.add_plugin("engine", hsd::engine::engine_actions(), false);
  catalog.add_plugin("fakesrc",
                     {action("connect", {param("private_app_token", "string"),
                                         param("label", "string")}),
                      action("refresh"),
                      action("retrieve", {param("types", "string_list")}),
                      action("revoke")},
                     true);
  catalog.add_plugin("fakevcs",
                     {action("connect", {param("token", "string", true)}), action("revoke"),
                      action("list_repos", {param("limit", "integer")})},
                     true);
  catalog.add_plugin("tools",
                     {action("count", {param("n", "integer", true), param("ratio", "number"),
                                       param("flag", "boolean"), param("names", "string_list"),
                                       param("extra", "object"), param("label", "string")})},
                     false);
  return catalog;
}

}  // namespace hsd::engine::test
