#include "hsd/engine/pipeline/pipeline_model.hpp"

namespace hsd::engine {
namespace {

const Step* find_in(const std::vector<Step>& steps, std::string_view id) {
  for (const auto& step : steps) {
    if (step.id == id) return &step;
    if (const Step* nested = find_in(step.on_error, id)) return nested;
  }
  return nullptr;
}

}  // namespace

std::string SourceLocation::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const Step* Pipeline::find_step(std::string_view id) const {
  if (const Step* step = find_in(steps, id)) return step;
  return find_in(on_error, id);
}

const Pipeline* PipelineSet::find(std::string_view name) const {
  const auto found = pipelines.find(name);
  return found == pipelines.end() ? nullptr : &found->second;
}

std::vector<std::string> PipelineSet::names() const {
  std::vector<std::string> out;
  for (const auto& [name, pipeline] : pipelines) out.push_back(name);
  return out;
}

}  // namespace hsd::engine
