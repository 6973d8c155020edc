// Runs a named pipeline for a connection (or, for connect, for the connection being made),
// with its own storage session: what `hsdeploy run` and the job workers call.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "credential_service.hpp"
#include "pipeline_executor.hpp"

namespace hsd::engine {

struct PipelineRequest {
  std::string pipeline;
  RunTarget target;
  std::string params_json = "{}";
  RunObserver* observer = nullptr;
  // Raised to stop the run: steps stop starting and plugins see is_cancelled().
  const std::atomic<bool>* cancel = nullptr;
};

struct PipelineOutcome {
  RunReport report;
  std::optional<JsonObject> connection;  // after the run
  std::uint64_t objects = 0;             // objects written to a snapshot
  std::map<std::string, std::uint64_t> objects_by_type;
  HttpTally::Figures http;  // the HTTP calls its plugin steps made
};

Result<PipelineOutcome> run_named_pipeline(Engine& engine, CredentialService& credentials,
                                           const PipelineRequest& request);

}  // namespace hsd::engine
