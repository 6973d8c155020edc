// Reading one side of a comparison, type by type: a connection's snapshot (pinned while it is
// read, so that pruning cannot take it away mid-run) or what a backup wrote to its repository at
// a ref (read back through the repository's VCS plugin, action backup_objects). The runner asks
// for one type at a time and lets it go before the next.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compare/match.hpp"
#include "credential_service.hpp"
#include "hsd/engine/engine.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// How long a comparison's pin lasts; renewed while the run reads, so a crashed run's pin lapses.
inline constexpr std::int64_t kComparisonPinMs = 60 * 60 * 1000;

class SideReader {
 public:
  virtual ~SideReader() = default;
  // Pins the snapshot (or reads the backup) and records what it pinned in side: "snapshot"
  // for a connection side, "commit" for a backup side. Errors name the side ("right: ...").
  virtual Status open(JsonObject side) = 0;
  // Which of candidates (plus, for a backup, any other type it holds) have objects here.
  virtual Result<std::vector<std::string>> types_present(const std::vector<std::string>& candidates) = 0;
  // Every object of one type; a backup side hands its copy over and keeps none.
  virtual Result<std::vector<compare::SideObject>> read_type(const std::string& type) = 0;
  // Warnings the source of the side gave while it was read (an old backup without an index).
  virtual std::vector<std::string> warnings() const { return {}; }
  // Ends the pin, if any; safe to call more than once and after a failed open.
  virtual void close() {}
};

struct SideContext {
  Engine& engine;
  CredentialService& credentials;
  Session& session;
  std::int64_t comparison_id = 0;
  std::string field;                    // "left" or "right", the prefix of every error
  std::vector<std::string> types;       // the comparison's types; empty: every type
  const std::atomic<bool>* cancel = nullptr;
};

// The reader for a resolved side ({"kind": "connection"|"snapshot"|"backup", ...}).
Result<std::unique_ptr<SideReader>> make_side_reader(const SideContext& context, const JsonObject& side);

// The pin's holder name for a comparison: "comparison:<id>".
std::string comparison_pin_holder(std::int64_t comparison_id);

}  // namespace hsd::engine
