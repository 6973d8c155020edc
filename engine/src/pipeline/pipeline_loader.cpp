#include "hsd/engine/pipeline/pipeline_loader.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "diagnostic.hpp"
#include "hsd/engine/pipeline/pipeline_validator.hpp"

namespace hsd::engine {

PipelineParse parse_pipeline_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    PipelineParse out;
    out.pipeline.file = file;
    out.errors.push_back(make_error(ErrorCode::not_found, file.string() +
                                                              ": cannot read pipeline file: " +
                                                              std::strerror(errno)));
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_pipeline(text.str(), file);
}

Error combine_errors(const std::vector<Error>& errors) {
  if (errors.size() == 1) return errors.front();
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  std::string message;
  ErrorCode code = ErrorCode::invalid_argument;
  for (const auto& error : errors) {
    if (!message.empty()) message += '\n';
    message += error.message;
    lines->add(error.message);
    if (error.code == ErrorCode::not_found) code = ErrorCode::not_found;
  }
  Poco::JSON::Object details;
  details.set("errors", lines);
  std::ostringstream json;
  details.stringify(json);
  Error combined = make_error(code, message);
  combined.details_json = json.str();
  return combined;
}

Result<Pipeline> load_pipeline(const std::filesystem::path& file) {
  PipelineParse parsed = parse_pipeline_file(file);
  if (!parsed.errors.empty()) return combine_errors(parsed.errors);
  return std::move(parsed.pipeline);
}

namespace {

// Structure, then catalog checks on whatever could be read, so one pass shows every problem.
PipelineParse parse_and_check(const std::filesystem::path& file, const ActionCatalog& catalog) {
  PipelineParse parsed = parse_pipeline_file(file);
  // An unreadable file or broken YAML has nothing further to check.
  const bool unreadable = std::any_of(parsed.errors.begin(), parsed.errors.end(), [](const Error& e) {
    return e.code == ErrorCode::not_found || e.message.find("YAML syntax error") != std::string::npos;
  });
  if (unreadable) return parsed;
  auto semantic = validate_pipeline(parsed.pipeline, catalog);
  parsed.errors.insert(parsed.errors.end(), std::make_move_iterator(semantic.begin()),
                       std::make_move_iterator(semantic.end()));
  return parsed;
}

}  // namespace

std::vector<Error> check_pipeline_file(const std::filesystem::path& file,
                                       const ActionCatalog& catalog) {
  return parse_and_check(file, catalog).errors;
}

Result<PipelineSet> load_pipeline_dir(const std::filesystem::path& dir,
                                      const ActionCatalog& catalog) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return make_error(ErrorCode::not_found,
                      dir.string() + ": pipeline directory not found (set pipelines.dir)");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  if (ec) return make_error(ErrorCode::not_found, dir.string() + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());

  PipelineSet set;
  set.dir = dir;
  std::vector<Error> errors;
  for (const auto& file : files) {
    PipelineParse parsed = parse_and_check(file, catalog);
    if (!parsed.errors.empty()) {
      errors.insert(errors.end(), parsed.errors.begin(), parsed.errors.end());
      continue;
    }
    std::string name = parsed.pipeline.name;
    set.pipelines.emplace(std::move(name), std::move(parsed.pipeline));
  }

  std::vector<std::string> missing;
  for (auto name : kRequiredPipelines) {
    const bool present = std::any_of(files.begin(), files.end(), [&](const auto& file) {
      return file.stem().string() == name;
    });
    if (!present) missing.emplace_back(name);
  }
  if (!missing.empty()) {
    errors.push_back(make_error(ErrorCode::invalid_argument,
                                dir.string() + ": missing required pipelines: " +
                                    detail::join(missing) + " (expected <name>.yaml for each)"));
  }
  if (!errors.empty()) return combine_errors(errors);
  return set;
}

}  // namespace hsd::engine
