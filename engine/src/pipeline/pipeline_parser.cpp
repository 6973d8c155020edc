#include "pipeline_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnostic.hpp"
#include "hsd/engine/duration.hpp"
#include "reference.hpp"
#include "when_expression.hpp"

namespace hsd::engine {
namespace detail {

bool is_identifier(std::string_view text) {
  if (text.empty() || text.front() < 'a' || text.front() > 'z') return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

namespace {

const std::vector<std::string> kTopKeys = {"name", "description", "for", "steps", "on_error"};
const std::vector<std::string> kConnectionKinds = {"source", "vcs_target"};
const std::vector<std::string> kStepKeys = {"id",    "uses",    "with",    "when",
                                            "retry", "timeout", "on_error"};
// Handlers cannot have handlers: their failures are logged, never raised.
const std::vector<std::string> kHandlerKeys = {"id", "uses", "with", "when", "retry", "timeout"};
const std::vector<std::string> kRetryKeys = {"attempts", "backoff"};
constexpr unsigned kMaxAttempts = 10;

enum class StepRole { main, step_handler, pipeline_handler };

struct Entry {
  YAML::Node key;
  YAML::Node value;
};

class PipelineParser {
 public:
  explicit PipelineParser(const std::filesystem::path& file) : label_(file.string()) {
    out_.pipeline.file = file;
    stem_ = file.stem().string();
  }

  PipelineParse parse(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      fail(at(e.mark), "document", "YAML syntax error: " + e.msg);
      return std::move(out_);
    }
    try {
      parse_root(root);
    } catch (const YAML::Exception& e) {
      // Not expected (the parser reads nodes without conversions), but a malformed document
      // must become an error line, never an exception out of the loader.
      fail(at(e.mark), "document", "cannot read the document: " + e.msg);
    }
    return std::move(out_);
  }

 private:
  SourceLocation at(const YAML::Mark& mark) const {
    // yaml-cpp counts from 0 and uses -1 for "unknown"; messages count from 1.
    return SourceLocation{label_, mark.line < 0 ? 1 : mark.line + 1,
                          mark.column < 0 ? 1 : mark.column + 1};
  }
  SourceLocation at(const YAML::Node& node) const { return at(node.Mark()); }

  void fail(const SourceLocation& where, const std::string& path, const std::string& what,
            const std::vector<std::string>& allowed = {}) {
    out_.errors.push_back(diagnostic(where, path, what, allowed));
  }

  static std::string child(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  static std::string type_name(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Null: return "null";
      case YAML::NodeType::Scalar: return "a scalar";
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Map: return "a mapping";
      default: return "nothing";
    }
  }

  // Reads a mapping's entries, reporting unknown keys, repeated keys and non-text keys.
  std::map<std::string, Entry> entries(const YAML::Node& map, const std::string& path,
                                       const std::vector<std::string>& allowed) {
    std::map<std::string, Entry> found;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        fail(at(key), path, "keys must be plain text", allowed);
        continue;
      }
      const std::string name = key.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        fail(at(key), child(path, name), "unknown key", allowed);
        continue;
      }
      if (found.count(name) != 0) {
        fail(at(key), child(path, name), "duplicate key (first at line " +
                                             std::to_string(at(found[name].key).line) + ")");
        continue;
      }
      found.emplace(name, Entry{key, it->second});
    }
    return found;
  }

  std::optional<std::string> read_string(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      fail(at(node), path, "expected a string, got " + type_name(node));
      return std::nullopt;
    }
    return node.Scalar();
  }

  void require(const std::map<std::string, Entry>& found, const YAML::Node& map,
               const std::string& path, std::string_view key) {
    if (found.count(std::string(key)) == 0) fail(at(map), child(path, key), "missing required key");
  }

  void parse_root(const YAML::Node& root) {
    Pipeline& pipeline = out_.pipeline;
    if (!root.IsDefined() || root.IsNull()) {
      fail(SourceLocation{label_, 1, 1}, "document",
           "empty file; expected a mapping with keys name and steps");
      return;
    }
    if (!root.IsMap()) {
      fail(at(root), "document", "expected a mapping, got " + type_name(root), kTopKeys);
      return;
    }
    pipeline.location = at(root);
    auto found = entries(root, "", kTopKeys);
    require(found, root, "", "name");
    require(found, root, "", "steps");

    if (auto it = found.find("name"); it != found.end()) {
      if (auto name = read_string(it->second.value, "name")) {
        pipeline.name = *name;
        if (*name != stem_) {
          fail(at(it->second.value), "name",
               "'" + *name + "' does not match the file name; expected '" + stem_ + "'");
        }
      }
    }
    if (auto it = found.find("description"); it != found.end()) {
      if (auto description = read_string(it->second.value, "description")) {
        pipeline.description = *description;
      }
    }
    if (auto it = found.find("for"); it != found.end()) {
      if (auto kind = read_string(it->second.value, "for")) {
        if (std::find(kConnectionKinds.begin(), kConnectionKinds.end(), *kind) == kConnectionKinds.end()) {
          fail(at(it->second.value), "for", "'" + *kind + "' is not a kind of connection", kConnectionKinds);
        } else {
          pipeline.for_kind = *kind;
        }
      }
    }
    if (auto it = found.find("steps"); it != found.end()) {
      pipeline.steps = parse_steps(it->second.value, "steps", StepRole::main);
    }
    if (auto it = found.find("on_error"); it != found.end()) {
      pipeline.on_error = parse_steps(it->second.value, "on_error", StepRole::pipeline_handler);
      for (std::size_t i = 0; i < pipeline.on_error.size(); ++i) {
        Step& step = pipeline.on_error[i];
        if (step.id.empty()) {
          step.id = "on_error_" + std::to_string(i + 1);
          step.id_generated = true;
          register_id(step.id, step.location, step.path + ".id");
        }
      }
    }
  }

  std::vector<Step> parse_steps(const YAML::Node& list, const std::string& path, StepRole role) {
    std::vector<Step> steps;
    if (!list.IsSequence() || list.size() == 0) {
      fail(at(list), path, "expected a non-empty list of steps, got " +
                               (list.IsSequence() ? std::string("an empty list") : type_name(list)));
      return steps;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      steps.push_back(parse_step(list[i], path + "[" + std::to_string(i) + "]", role));
    }
    return steps;
  }

  void register_id(const std::string& id, const SourceLocation& where, const std::string& path) {
    const auto [existing, inserted] = ids_.emplace(id, where);
    if (!inserted) {
      fail(where, path,
           "duplicate step id '" + id + "' (first at line " + std::to_string(existing->second.line) +
               ")");
    }
  }

  Step parse_step(const YAML::Node& node, const std::string& path, StepRole role) {
    Step step;
    step.path = path;
    step.location = at(node);
    const auto& allowed = role == StepRole::main ? kStepKeys : kHandlerKeys;
    if (!node.IsMap()) {
      fail(at(node), path, "expected a step mapping, got " + type_name(node), allowed);
      return step;
    }
    auto found = entries(node, path, allowed);
    if (role != StepRole::pipeline_handler) require(found, node, path, "id");
    require(found, node, path, "uses");

    if (auto it = found.find("id"); it != found.end()) {
      if (auto id = read_string(it->second.value, child(path, "id"))) {
        if (!is_identifier(*id)) {
          fail(at(it->second.value), child(path, "id"),
               "bad step id '" + *id + "'; expected [a-z][a-z0-9_]*");
        } else {
          step.id = *id;
          register_id(step.id, at(it->second.value), child(path, "id"));
        }
      }
    }
    if (auto it = found.find("uses"); it != found.end()) parse_uses(step, it->second.value);
    if (auto it = found.find("with"); it != found.end()) parse_with(step, it->second.value);
    if (auto it = found.find("when"); it != found.end()) parse_when(step, it->second.value);
    if (auto it = found.find("retry"); it != found.end()) parse_retry(step, it->second.value);
    if (auto it = found.find("timeout"); it != found.end()) {
      if (auto duration = read_duration(it->second.value, child(path, "timeout"))) {
        step.timeout = *duration;
      }
    }
    if (auto it = found.find("on_error"); it != found.end()) parse_on_error(step, it->second.value);
    return step;
  }

  void parse_uses(Step& step, const YAML::Node& node) {
    const std::string path = child(step.path, "uses");
    auto uses = read_string(node, path);
    if (!uses) return;
    step.uses = *uses;
    step.uses_location = at(node);
    std::string_view text = *uses;
    bool from_connection = false;
    std::string plugin;
    std::string action;
    if (text.substr(0, kConnectionPluginPrefix.size()) == kConnectionPluginPrefix) {
      from_connection = true;
      action = std::string(text.substr(kConnectionPluginPrefix.size()));
    } else if (const auto dot = text.find('.'); dot != std::string_view::npos) {
      plugin = std::string(text.substr(0, dot));
      action = std::string(text.substr(dot + 1));
    }
    if ((!from_connection && !is_identifier(plugin)) || !is_identifier(action)) {
      fail(at(node), path,
           "bad uses '" + *uses +
               "'; expected <plugin>.<action>, engine.<action> or ${connection.plugin}.<action>");
      return;
    }
    step.plugin_from_connection = from_connection;
    step.plugin = plugin;
    step.action = action;
  }

  WithValue read_with_value(const YAML::Node& node, const std::string& path) {
    WithValue value;
    value.location = at(node);
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        value.kind = WithValue::Kind::scalar;
        value.scalar = node.Scalar();
        value.quoted = node.Tag() != "?";
        check_template(value, path);
        break;
      case YAML::NodeType::Sequence:
        value.kind = WithValue::Kind::sequence;
        for (std::size_t i = 0; i < node.size(); ++i) {
          value.items.push_back(read_with_value(node[i], path + "[" + std::to_string(i) + "]"));
        }
        break;
      case YAML::NodeType::Map:
        value.kind = WithValue::Kind::mapping;
        for (auto it = node.begin(); it != node.end(); ++it) {
          const YAML::Node key = it->first;
          if (!key.IsScalar()) {
            fail(at(key), path, "keys must be plain text");
            continue;
          }
          const std::string name = key.Scalar();
          bool repeated = false;
          for (const auto& field : value.fields) repeated = repeated || field.key == name;
          if (repeated) {
            fail(at(key), child(path, name), "duplicate key");
            continue;
          }
          value.fields.push_back(
              WithField{name, at(key), read_with_value(it->second, child(path, name))});
        }
        break;
      default:
        value.kind = WithValue::Kind::null;
        break;
    }
    return value;
  }

  void check_template(const WithValue& value, const std::string& path) {
    auto parts = parse_template(value.scalar);
    if (!parts) fail(value.location, path, parts.error().message);
  }

  void parse_with(Step& step, const YAML::Node& node) {
    const std::string path = child(step.path, "with");
    if (node.IsNull()) return;  // `with:` with nothing after it: no parameters
    if (node.IsMap()) {
      step.with = read_with_value(node, path);
      return;
    }
    if (node.IsScalar()) {
      auto parts = parse_template(node.Scalar());
      if (parts && is_single_reference(*parts)) {
        step.with = read_with_value(node, path);
        return;
      }
    }
    fail(at(node), path,
         "expected a mapping of parameters, or one whole reference such as \"${params}\"");
    // Keep an empty `with` so the validator does not also report every parameter as missing.
    step.with = WithValue{};
    step.with->location = at(node);
  }

  void parse_when(Step& step, const YAML::Node& node) {
    const std::string path = child(step.path, "when");
    auto text = read_string(node, path);
    if (!text) return;
    auto expression = WhenExpression::parse(*text);
    if (!expression) {
      fail(at(node), path, expression.error().message);
      return;
    }
    step.when = *text;
    step.when_location = at(node);
  }

  std::optional<std::chrono::milliseconds> read_duration(const YAML::Node& node,
                                                         const std::string& path) {
    if (node.IsScalar()) {
      if (auto duration = parse_duration(node.Scalar())) return duration;
    }
    fail(at(node), path,
         "bad duration " + (node.IsScalar() ? "'" + node.Scalar() + "'" : type_name(node)) +
             "; expected a positive amount up to 24h such as 500ms, 30s, 5m, 1h, or seconds");
    return std::nullopt;
  }

  std::optional<unsigned> read_attempts(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) {
      const std::string& text = node.Scalar();
      unsigned attempts = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), attempts);
      if (ec == std::errc() && end == text.data() + text.size() && attempts >= 1 &&
          attempts <= kMaxAttempts) {
        return attempts;
      }
    }
    fail(at(node), path,
         "bad retry: attempts must be an integer from 1 to " + std::to_string(kMaxAttempts) +
             ", got " + (node.IsScalar() ? "'" + node.Scalar() + "'" : type_name(node)));
    return std::nullopt;
  }

  void parse_retry(Step& step, const YAML::Node& node) {
    const std::string path = child(step.path, "retry");
    if (node.IsScalar()) {
      if (auto attempts = read_attempts(node, path)) step.retry.attempts = *attempts;
      return;
    }
    if (!node.IsMap()) {
      fail(at(node), path,
           "bad retry: expected a number of attempts or a mapping, got " + type_name(node),
           kRetryKeys);
      return;
    }
    auto found = entries(node, path, kRetryKeys);
    require(found, node, path, "attempts");
    if (auto it = found.find("attempts"); it != found.end()) {
      if (auto attempts = read_attempts(it->second.value, child(path, "attempts"))) {
        step.retry.attempts = *attempts;
      }
    }
    if (auto it = found.find("backoff"); it != found.end()) {
      if (auto backoff = read_duration(it->second.value, child(path, "backoff"))) {
        step.retry.backoff = *backoff;
      }
    }
  }

  void parse_on_error(Step& step, const YAML::Node& node) {
    const std::string path = child(step.path, "on_error");
    if (node.IsScalar() && node.Scalar() == "continue") {
      step.on_error_policy = ErrorPolicy::continue_pipeline;
      return;
    }
    if (node.IsSequence() && node.size() > 0) {
      step.on_error_policy = ErrorPolicy::run_handlers;
      step.on_error = parse_steps(node, path, StepRole::step_handler);
      return;
    }
    fail(at(node), path,
         "expected `continue` or a non-empty list of steps, got " +
             (node.IsScalar() ? "'" + node.Scalar() + "'" : type_name(node)));
  }

  std::string label_;
  std::string stem_;
  PipelineParse out_;
  std::map<std::string, SourceLocation> ids_;
};

}  // namespace
}  // namespace detail

PipelineParse parse_pipeline(std::string_view yaml_text, const std::filesystem::path& file) {
  return detail::PipelineParser(file).parse(yaml_text);
}

}  // namespace hsd::engine
