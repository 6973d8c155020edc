// One retrieve call: which types to fetch, the workers that fetch them, and what they share
// (the API client, per-type counts, warnings, duplicate detection). Each type's fetching lives
// in its own retrieve_<type>.cpp; this class runs them, emits objects, and builds the output
// {"objects": N, "by_type": {...}, "warnings": [...]}.
#pragma once

#include "api_client.hpp"
#include "config.hpp"
#include "raw_json.hpp"
#include "task_group.hpp"

#include <hsd/sdk.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::hubspot {

class Retrieval {
 public:
  Retrieval(const hsd::sdk::Context& context, const Config& config, ApiClient& api, TaskGroup& tasks,
            std::vector<std::string> types);

  /** Fetches every requested type (in parallel) and sets the call's output. */
  hsd::sdk::Status run();

  // Shared services for the retrieve_<type> functions; all thread-safe.
  const Config& config() const { return config_; }
  ApiClient& api() { return api_; }
  TaskGroup& tasks() { return tasks_; }
  bool cancelled() const { return api_.stop().stop_requested(); }

  /** A GET (or POST) on the API base URL. */
  ApiRequest request(std::string method, std::string path, std::string query = {}) const;
  /**
   * Sends request and parses a {"results": [...]} page. Statuses other than 200 and 207 are
   * failures (403 MISSING_SCOPES with code MISSING_SCOPES); a malformed page is asked for once
   * more before it fails.
   */
  hsd::sdk::Result<ResultsPage> fetch_page(const ApiRequest& request);
  /**
   * Emits one object of type from its raw JSON; id and name come from id_key and name_keys.
   * An object without an id, or one whose id was already emitted for this type, is skipped
   * and counted for a warning.
   */
  hsd::sdk::Status emit(std::string_view type, std::string_view raw, std::string_view id_key,
                        const std::vector<std::string_view>& name_keys);
  /** Records the expected total of a type (0: unknown) and reports progress. */
  void set_total(std::string_view type, uint64_t total);
  void report_progress(std::string_view type);
  void warn(std::string warning);
  /**
   * When failure is a MISSING_SCOPES refusal, records "Skipped <noun>: the portal did not
   * grant <scope>" and returns true: the caller skips the type. False otherwise.
   */
  bool skip_for_missing_scopes(std::string_view type, const hsd::sdk::Failure& failure);

 private:
  struct TypeState {
    std::atomic<uint64_t> emitted{0};
    std::atomic<uint64_t> total{0};
    std::atomic<uint64_t> duplicates{0};
    std::atomic<uint64_t> without_id{0};
    std::mutex ids_mutex;
    std::set<std::string> ids;
  };
  TypeState& state(std::string_view type);
  hsd::sdk::Status run_type(const std::string& type);
  std::string output() const;

  const hsd::sdk::Context& context_;
  const Config& config_;
  ApiClient& api_;
  TaskGroup& tasks_;
  std::vector<std::string> types_;
  std::map<std::string, TypeState, std::less<>> states_;  // filled before any worker starts
  mutable std::mutex warnings_mutex_;
  std::vector<std::string> warnings_;
};

// One function per type, each in its own file.
hsd::sdk::Status retrieve_custom_object_schemas(Retrieval& run);
hsd::sdk::Status retrieve_properties(Retrieval& run, std::string_view type, std::string_view object_type);
hsd::sdk::Status retrieve_workflows(Retrieval& run);
hsd::sdk::Status retrieve_forms(Retrieval& run);

}  // namespace hsd::plugins::hubspot
