// Reading pipeline files: YAML syntax and the shape of the document (keys, types, durations,
// retry, ids, `uses` form, `when` syntax). Errors are one line each:
//   FILE:LINE:COLUMN: <key path>: <what is wrong>[; allowed: a, b, c]
// and all errors of a file are collected, not just the first.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/pipeline/action_catalog.hpp"
#include "hsd/engine/pipeline/pipeline_model.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine {

/** The pipelines the engine cannot run without. */
inline constexpr std::array<std::string_view, 4> kRequiredPipelines = {"connect", "retrieve",
                                                                        "refresh", "delete"};

/** A best-effort parse: whatever could be read, and every structural error found. */
struct PipelineParse {
  Pipeline pipeline;
  std::vector<Error> errors;  // each: ErrorCode::invalid_argument, a one-line message
};

/**
 * Parses YAML text. `file` names the source in messages; the pipeline's `name` must equal its
 * stem.
 */
PipelineParse parse_pipeline(std::string_view yaml_text, const std::filesystem::path& file);

/** Reads and parses a file; an unreadable file is one error (ErrorCode::not_found). */
PipelineParse parse_pipeline_file(const std::filesystem::path& file);

/**
 * Syntax and structure only. On failure the error's message holds every error line joined by
 * '\n', and details_json is {"errors": ["...", ...]}.
 */
Result<Pipeline> load_pipeline(const std::filesystem::path& file);

/** Everything `hsdeploy pipelines validate FILE` reports: structure, then catalog checks. */
std::vector<Error> check_pipeline_file(const std::filesystem::path& file,
                                       const ActionCatalog& catalog);

/**
 * Loads and validates every *.yaml of a directory. Fails (all error lines joined as in
 * load_pipeline) when any file has an error or a required pipeline is missing.
 */
Result<PipelineSet> load_pipeline_dir(const std::filesystem::path& dir,
                                      const ActionCatalog& catalog);

/** Joins errors into one: messages on separate lines, {"errors": [...]} as details. */
Error combine_errors(const std::vector<Error>& errors);

}  // namespace hsd::engine
