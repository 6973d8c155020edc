// The in-memory form of a pipeline file. Every step and every `with` value keeps where it was
// written, so load-time and run-time errors can name FILE:LINE:COLUMN.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::engine {

/** A position in a pipeline file; line and column are 1-based (0 when unknown). */
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  /** "FILE:LINE:COLUMN". */
  std::string to_string() const;
};

struct WithField;

/**
 * A `with:` value exactly as written in YAML. Scalars stay text until the parameter type is
 * known: a plain scalar `5` may become an integer or a string, a quoted "5" is always a string.
 */
struct WithValue {
  enum class Kind { null, scalar, sequence, mapping };
  Kind kind = Kind::null;
  std::string scalar;
  bool quoted = false;              // quoted or block scalars are always strings
  std::vector<WithValue> items;     // sequence
  std::vector<WithField> fields;    // mapping, in file order
  SourceLocation location;
};

struct WithField {
  std::string key;
  SourceLocation key_location;
  WithValue value;
};

struct RetryPolicy {
  unsigned attempts = 1;                         // 1..10; 1 means no retry
  std::chrono::milliseconds backoff{1000};       // wait before the 2nd attempt, doubled after
};

enum class ErrorPolicy {
  fail,               // the pipeline fails (default)
  continue_pipeline,  // `on_error: continue`: record the error, go on with the next step
  run_handlers,       // `on_error: [steps]`: run them, then the pipeline fails
};

struct Step {
  std::string id;
  bool id_generated = false;   // pipeline-level on_error steps without an id: "on_error_<n>"
  std::string path;            // key path for messages: "steps[2]", "steps[1].on_error[0]"
  SourceLocation location;     // the step's mapping

  std::string uses;            // as written
  SourceLocation uses_location;
  bool plugin_from_connection = false;  // uses: ${connection.plugin}.<action>
  std::string plugin;          // empty when from the connection or when `uses` is malformed
  std::string action;          // empty when `uses` is malformed

  // A mapping of parameters, or a string scalar that is one whole reference ("${params}")
  // whose object is passed as the parameters.
  std::optional<WithValue> with;

  std::optional<std::string> when;
  SourceLocation when_location;

  RetryPolicy retry;
  std::optional<std::chrono::milliseconds> timeout;

  ErrorPolicy on_error_policy = ErrorPolicy::fail;
  std::vector<Step> on_error;  // when on_error_policy == run_handlers

  bool uses_valid() const { return !action.empty() && (plugin_from_connection || !plugin.empty()); }
  bool with_is_passthrough() const {
    return with.has_value() && with->kind == WithValue::Kind::scalar;
  }
};

struct Pipeline {
  std::string name;
  std::string description;
  // `for:` the kind of connection the pipeline serves ("source" or "vcs_target"); empty: any.
  // ${connection.plugin} steps are checked against the loaded plugins of that kind only.
  std::string for_kind;
  std::filesystem::path file;
  SourceLocation location;     // the document's root mapping
  std::vector<Step> steps;
  std::vector<Step> on_error;  // pipeline-level handlers

  /** Any step of the file (main, step-level or pipeline-level handler) by id. */
  const Step* find_step(std::string_view id) const;
};

/** The pipelines of a directory, by name. */
struct PipelineSet {
  std::filesystem::path dir;
  std::map<std::string, Pipeline, std::less<>> pipelines;

  const Pipeline* find(std::string_view name) const;
  std::vector<std::string> names() const;
};

}  // namespace hsd::engine
