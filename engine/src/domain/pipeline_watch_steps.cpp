// The engine's steps for drift watches: the retrieve pipeline's last step queues the watches
// of the connection it refreshed, and the compare pipeline's last step (and its error
// handler) records the comparison's outcome on its watch.
#include "drift_watches.hpp"
#include "hsd/engine/log.hpp"
#include "pipeline_executor.hpp"

namespace hsd::engine {

Result<std::string> PipelineExecutor::queue_watches() {
  auto id = connection_id();
  if (!id) return id.error();
  // The retrieval has succeeded by now: a watch that cannot be queued must not turn it into a
  // failure (whose handler would discard the snapshot just made current), so it is logged.
  auto queued = hsd::engine::queue_watches(session_, engine_, *id);
  if (!queued) {
    log::warn("engine.watches", "the connection's drift watches were not queued",
              {{"connection", std::to_string(*id)}, {"error", queued.error().message}});
    return std::string("{\"queued\":0}");
  }
  return "{\"queued\":" + std::to_string(*queued) + "}";
}

Result<std::string> PipelineExecutor::finish_watch(const JsonObject& with) {
  auto comparison_id = comparison_param(with);
  if (!comparison_id) return comparison_id.error();
  HSD_TRY(hsd::engine::finish_watch(session_, *comparison_id));
  return std::string("{}");
}

}  // namespace hsd::engine
