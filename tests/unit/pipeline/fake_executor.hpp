// A StepExecutor for runner tests: records every invocation, answers from per-step scripts
// ("{}" when a step has none left), and resolves actions from a StaticActionCatalog.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "hsd/engine/pipeline.hpp"

namespace hsd::engine::test {

class FakeExecutor : public StepExecutor {
 public:
  explicit FakeExecutor(StaticActionCatalog catalog) : catalog_(std::move(catalog)) {}

  void script(const std::string& step_id, std::vector<Result<std::string>> results) {
    for (auto& result : results) scripts_[step_id].push_back(std::move(result));
  }

  Result<std::string> execute(const StepInvocation& step) override {
    calls.push_back(step);
    if (on_execute) on_execute(step);
    auto found = scripts_.find(step.step_id);
    if (found == scripts_.end() || found->second.empty()) return std::string("{}");
    Result<std::string> result = found->second.front();
    found->second.pop_front();
    return result;
  }

  const ActionInfo* find_action(std::string_view plugin, std::string_view action) const override {
    return catalog_.find(plugin, action);
  }

  std::vector<std::string> called_ids() const {
    std::vector<std::string> ids;
    for (const auto& call : calls) ids.push_back(call.step_id);
    return ids;
  }

  const StepInvocation* last_call(const std::string& step_id) const {
    for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
      if (it->step_id == step_id) return &*it;
    }
    return nullptr;
  }

  std::vector<StepInvocation> calls;
  std::function<void(const StepInvocation&)> on_execute;

 private:
  StaticActionCatalog catalog_;
  std::map<std::string, std::deque<Result<std::string>>> scripts_;
};

inline Error retryable_error(std::string message) {
  Error error = make_error(ErrorCode::unavailable, std::move(message));
  error.retryable = true;
  return error;
}

}  // namespace hsd::engine::test
