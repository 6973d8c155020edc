#include "hsd/engine/pipeline/pipeline_validator.hpp"

#include <algorithm>
#include <set>

#include "action_params.hpp"
#include "diagnostic.hpp"
#include "param_types.hpp"
#include "reference.hpp"
#include "when_expression.hpp"

namespace hsd::engine {
namespace {

const std::vector<std::string> kReferenceRoots = {"connection", "params", "steps", "error"};
const std::vector<std::string> kErrorFields = {"code", "message", "step"};

std::vector<std::string> sorted_unique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

class Validator {
 public:
  Validator(const Pipeline& pipeline, const ActionCatalog& catalog)
      : pipeline_(pipeline), catalog_(catalog) {
    collect_ids(pipeline.steps);
    collect_ids(pipeline.on_error);
  }

  std::vector<Error> run() {
    // A step sees the steps that have run before it: earlier main steps; inside a step's
    // handlers also the earlier handlers of that list; in pipeline handlers every step
    // (those that did not run resolve to null).
    std::set<std::string> visible;
    for (const auto& step : pipeline_.steps) {
      check_step(step, visible, false);
      std::set<std::string> handler_visible = visible;
      for (const auto& handler : step.on_error) {
        check_step(handler, handler_visible, true);
        if (!handler.id.empty()) handler_visible.insert(handler.id);
      }
      if (!step.id.empty()) visible.insert(step.id);
    }
    std::set<std::string> final_visible = all_ids_;
    for (const auto& handler : pipeline_.on_error) final_visible.erase(handler.id);
    for (const auto& handler : pipeline_.on_error) {
      check_step(handler, final_visible, true);
      final_visible.insert(handler.id);
    }
    return std::move(errors_);
  }

 private:
  void collect_ids(const std::vector<Step>& steps) {
    for (const auto& step : steps) {
      if (!step.id.empty()) all_ids_.insert(step.id);
      collect_ids(step.on_error);
    }
  }

  void fail(const SourceLocation& where, const std::string& path, const std::string& what,
            const std::vector<std::string>& allowed = {}) {
    errors_.push_back(detail::diagnostic(where, path, what, allowed));
  }

  void check_step(const Step& step, const std::set<std::string>& visible, bool in_handler) {
    const auto candidates = check_uses(step);
    if (step.with) {
      check_with_references(*step.with, step.path + ".with", visible, in_handler);
      if (!candidates.empty() && step.with->kind == WithValue::Kind::mapping) {
        check_with_params(step, candidates);
      }
    } else if (!candidates.empty() && !step.plugin_from_connection) {
      check_required(step, *candidates.front());
    }
    if (step.when) {
      auto expression = detail::WhenExpression::parse(*step.when);
      if (expression) {
        for (const auto& reference : expression->references()) {
          check_reference(reference, step.when_location, step.path + ".when", visible, in_handler);
        }
      }
    }
  }

  // The actions `uses` may run: one for a named plugin, one per connection plugin offering it
  // for ${connection.plugin}; empty when unknown (and reported).
  std::vector<const ActionInfo*> check_uses(const Step& step) {
    std::vector<const ActionInfo*> candidates;
    if (!step.uses_valid()) return candidates;
    const std::string path = step.path + ".uses";
    if (step.plugin_from_connection) {
      std::vector<std::string> offered;
      std::vector<std::string> plugins;
      for (auto& id : catalog_.connection_plugin_ids()) {
        if (pipeline_.for_kind.empty() || catalog_.plugin_kind(id) == pipeline_.for_kind) plugins.push_back(id);
      }
      // A pipeline for a kind no loaded plugin has cannot run, so there is nothing to check it
      // against (an install with sources only still starts with backup.yaml in place).
      if (plugins.empty() && !pipeline_.for_kind.empty()) return candidates;
      for (const auto& plugin : plugins) {
        if (const ActionInfo* action = catalog_.find(plugin, step.action)) candidates.push_back(action);
        auto names = catalog_.action_names(plugin);
        offered.insert(offered.end(), names.begin(), names.end());
      }
      if (plugins.empty()) {
        fail(step.uses_location, path, "no loaded plugin can serve a connection");
      } else if (candidates.empty()) {
        fail(step.uses_location, path,
             "unknown action '" + step.action + "': no connection plugin (" +
                 detail::join(plugins) + ") offers it",
             sorted_unique(offered));
      }
      return candidates;
    }
    const auto plugins = catalog_.plugin_ids();
    if (std::find(plugins.begin(), plugins.end(), step.plugin) == plugins.end()) {
      fail(step.uses_location, path, "unknown plugin '" + step.plugin + "'", sorted_unique(plugins));
      return candidates;
    }
    if (const ActionInfo* action = catalog_.find(step.plugin, step.action)) {
      candidates.push_back(action);
    } else {
      fail(step.uses_location, path,
           "unknown action '" + step.action + "' for plugin '" + step.plugin + "'",
           sorted_unique(catalog_.action_names(step.plugin)));
    }
    return candidates;
  }

  void check_with_params(const Step& step, const std::vector<const ActionInfo*>& candidates) {
    const std::string target =
        step.plugin_from_connection ? "${connection.plugin}." + step.action : step.uses;
    for (const auto& field : step.with->fields) {
      const std::string path = step.path + ".with." + field.key;
      std::vector<const ParamInfo*> declared;
      std::vector<std::string> allowed;
      for (const ActionInfo* action : candidates) {
        if (const ParamInfo* param = detail::find_param(*action, field.key)) declared.push_back(param);
        auto names = detail::param_names(*action);
        allowed.insert(allowed.end(), names.begin(), names.end());
      }
      if (declared.empty()) {
        allowed = sorted_unique(std::move(allowed));
        fail(field.key_location, path,
             "unknown parameter '" + field.key + "' for " + target +
                 (allowed.empty() ? " (it takes no parameters)" : ""),
             allowed);
        continue;
      }
      // With several connection plugins, the type is checked only where they all agree.
      const std::string& type = declared.front()->type;
      const bool agreed = std::all_of(declared.begin(), declared.end(),
                                      [&](const ParamInfo* p) { return p->type == type; });
      if (!agreed) continue;
      if (auto problem = detail::check_yaml_value(field.value, type)) {
        fail(field.value.location, path, "bad parameter type: " + *problem);
      }
    }
    if (!step.plugin_from_connection) check_required(step, *candidates.front());
  }

  void check_required(const Step& step, const ActionInfo& action) {
    for (const auto& param : action.params) {
      if (!param.required || !param.default_json.empty()) continue;
      bool present = false;
      if (step.with) {
        for (const auto& field : step.with->fields) present = present || field.key == param.name;
      }
      if (!present) {
        fail(step.with ? step.with->location : step.location, step.path + ".with",
             "missing required parameter '" + param.name + "' for " + step.uses);
      }
    }
  }

  void check_with_references(const WithValue& value, const std::string& path,
                             const std::set<std::string>& visible, bool in_handler) {
    switch (value.kind) {
      case WithValue::Kind::scalar: {
        auto parts = detail::parse_template(value.scalar);
        if (!parts) return;  // reported by the loader
        for (const auto& part : *parts) {
          if (part.is_reference) check_reference(part.reference, value.location, path, visible, in_handler);
        }
        return;
      }
      case WithValue::Kind::sequence:
        for (std::size_t i = 0; i < value.items.size(); ++i) {
          check_with_references(value.items[i], path + "[" + std::to_string(i) + "]", visible,
                                in_handler);
        }
        return;
      case WithValue::Kind::mapping:
        for (const auto& field : value.fields) {
          check_with_references(field.value, path + "." + field.key, visible, in_handler);
        }
        return;
      case WithValue::Kind::null:
        return;
    }
  }

  void check_reference(const detail::Reference& reference, const SourceLocation& where,
                       const std::string& path, const std::set<std::string>& visible,
                       bool in_handler) {
    const std::string shown = "reference ${" + reference.text + "}: ";
    const std::string& root = reference.root();
    if (root == "connection" || root == "params") return;
    if (root == "steps") {
      if (reference.path.size() >= 2) {
        const std::string& id = reference.path[1];
        if (all_ids_.count(id) == 0) {
          fail(where, path, shown + "unknown step '" + id + "'",
               std::vector<std::string>(visible.begin(), visible.end()));
          return;
        }
        if (visible.count(id) == 0) {
          fail(where, path, shown + "step '" + id + "' does not run before this step (cycle)");
          return;
        }
      }
      if (reference.path.size() < 3 || reference.path[2] != "output") {
        fail(where, path, shown + "expected ${steps.<id>.output} or ${steps.<id>.output.<field>}");
      }
      return;
    }
    if (root == "error") {
      if (!in_handler) {
        fail(where, path, shown + "${error.*} is only available inside on_error steps");
      } else if (reference.path.size() != 2 ||
                 std::find(kErrorFields.begin(), kErrorFields.end(), reference.path[1]) ==
                     kErrorFields.end()) {
        fail(where, path, shown + "unknown error field", kErrorFields);
      }
      return;
    }
    fail(where, path, shown + "unknown reference root '" + root + "'", kReferenceRoots);
  }

  const Pipeline& pipeline_;
  const ActionCatalog& catalog_;
  std::set<std::string> all_ids_;
  std::vector<Error> errors_;
};

}  // namespace

std::vector<Error> validate_pipeline(const Pipeline& pipeline, const ActionCatalog& catalog) {
  return Validator(pipeline, catalog).run();
}

}  // namespace hsd::engine
