#include "action_params.hpp"

namespace hsd::engine::detail {

const ParamInfo* find_param(const ActionInfo& action, std::string_view name) {
  for (const auto& param : action.params) {
    if (param.name == name) return &param;
  }
  return nullptr;
}

std::vector<std::string> param_names(const ActionInfo& action) {
  std::vector<std::string> names;
  for (const auto& param : action.params) names.push_back(param.name);
  return names;
}

}  // namespace hsd::engine::detail
