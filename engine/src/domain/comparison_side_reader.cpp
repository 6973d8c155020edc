#include "comparison_side_reader.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include "backups.hpp"
#include "compare/quick_json.hpp"
#include "connection_action.hpp"
#include "connections.hpp"
#include "hsd/engine/log.hpp"

namespace hsd::engine {
namespace {

const char* kLogger = "engine.compare";

std::optional<std::int64_t> optional_id(const JsonObject& side, const std::string& key) {
  if (!side->has(key) || side->isNull(key)) return std::nullopt;
  try {
    return side->getValue<std::int64_t>(key);
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

// The same error with the side's name in front, so that a person knows which side failed.
Error on_side(const std::string& field, Error error) {
  error.message = field + ": " + error.message;
  return error;
}

bool cancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

Error cancelled_error() { return make_error(ErrorCode::cancelled, "the comparison was cancelled"); }

// ------------------------------------------------------------------ a snapshot side

class SnapshotSide final : public SideReader {
 public:
  explicit SnapshotSide(const SideContext& context) : context_(context) {}
  ~SnapshotSide() override { close(); }

  Status open(JsonObject side) override {
    const auto connection_id = optional_id(side, "connection");
    if (!connection_id) return field_error(context_.field, "the side names no connection");
    auto connection = context_.session.get("connections", *connection_id);
    if (!connection) {
      if (connection.error().code == ErrorCode::not_found) {
        return on_side(context_.field, make_error(ErrorCode::not_found,
                                                  "connection " + std::to_string(*connection_id) + " no longer exists"));
      }
      return connection.error();
    }
    label_ = (*connection)->optValue<std::string>("label", std::to_string(*connection_id));
    auto snapshot = optional_id(side, "snapshot");
    if (!snapshot) {
      // A connection side reads whatever is current when the run starts, and stays on it.
      snapshot = optional_id(*connection, "current_snapshot_id");
      if (!snapshot) {
        return on_side(context_.field, make_error(ErrorCode::invalid_argument,
                                                  label_ + " has no metadata yet: retrieve it first"));
      }
    }
    snapshot_ = *snapshot;
    auto row = context_.session.get("snapshots", snapshot_);
    if (!row || (*row)->getValue<std::int64_t>("connection_id") != *connection_id) return pruned();
    HSD_TRY(renew());
    pinned_ = true;
    side->set("snapshot", snapshot_);
    return {};
  }

  Result<std::vector<std::string>> types_present(const std::vector<std::string>& candidates) override {
    std::vector<std::string> present;
    for (const auto& type : candidates) {
      MetadataQuery query;
      query.type = type;
      query.limit = 1;
      auto page = context_.session.snapshot_objects(snapshot_, query);
      if (!page) return read_error(page.error());
      if (!page->rows.empty()) present.push_back(type);
    }
    return present;
  }

  Result<std::vector<compare::SideObject>> read_type(const std::string& type) override {
    std::vector<compare::SideObject> objects;
    MetadataQuery query;
    query.type = type;
    query.limit = 1000;
    query.with_data = true;
    while (true) {
      if (cancelled(context_.cancel)) return cancelled_error();
      HSD_TRY(renew_when_due());
      auto page = context_.session.snapshot_objects(snapshot_, query);
      if (!page) return read_error(page.error());
      for (auto& row : page->rows) {
        objects.push_back({std::move(row.id), std::move(row.name), row.data ? std::move(*row.data) : std::string()});
      }
      if (page->next_cursor.empty()) return objects;
      query.cursor = std::move(page->next_cursor);
    }
  }

  void close() override {
    if (!pinned_) return;
    pinned_ = false;
    auto status = context_.session.snapshot_unpin(snapshot_, comparison_pin_holder(context_.comparison_id));
    // The pin lapses by itself within the hour; a failure here only delays pruning.
    if (!status) log::warn(kLogger, "could not unpin a snapshot: " + status.error().message,
                           {{"snapshot", std::to_string(snapshot_)}});
  }

 private:
  Error pruned() const {
    return on_side(context_.field, make_error(ErrorCode::not_found, "snapshot " + std::to_string(snapshot_) + " of " +
                                                                        label_ + " was pruned or never existed"));
  }
  Error read_error(const Error& error) const {
    if (error.code == ErrorCode::not_found) return pruned();
    return on_side(context_.field, error);
  }
  Status renew() {
    auto status = context_.session.snapshot_pin(snapshot_, comparison_pin_holder(context_.comparison_id),
                                                now_ms() + kComparisonPinMs);
    if (!status) return read_error(status.error());
    renewed_at_ = std::chrono::steady_clock::now();
    return {};
  }
  // A large comparison may outlast part of the hour: the pin moves on every ten minutes.
  Status renew_when_due() {
    if (std::chrono::steady_clock::now() - renewed_at_ < std::chrono::minutes(10)) return {};
    return renew();
  }

  SideContext context_;
  std::string label_;
  std::int64_t snapshot_ = 0;
  bool pinned_ = false;
  std::chrono::steady_clock::time_point renewed_at_{};
};

// ------------------------------------------------------------------ a backup side

// The plugin call that reads a backup: objects land in per-type lists, credential requests go
// to the credential service for the repository's connection, nothing else is kept.
class BackupObjectsCall final : public CallContext {
 public:
  BackupObjectsCall(CredentialService& credentials, Session& session, std::int64_t connection_id,
                    std::map<std::string, std::vector<compare::SideObject>>& objects)
      : credentials_(credentials), session_(session), connection_id_(connection_id), objects_(objects) {}

  hsd_status on_object(const hsd_object& object) override {
    if (cancelled()) return HSD_ERR_CANCELLED;
    // Held compact: a backup's files are pretty-printed, about half again the compact size,
    // and a type of them is held beside the other side's while the two are compared.
    objects_[std::string(object.type.data, object.type.size)].push_back(
        {std::string(object.id.data, object.id.size), std::string(object.name.data, object.name.size),
         compare::compact_json(std::string_view(object.data_json.data, object.data_json.size))});
    return HSD_OK;
  }

  hsd_status on_credentials(std::uint32_t flags, std::string& out_json) override {
    auto fresh = credentials_.fresh(session_, connection_id_, (flags & HSD_CREDENTIALS_FORCE_REFRESH) != 0);
    if (!fresh) {
      set_error(fresh.error());
      return static_cast<hsd_status>(fresh.error().code);
    }
    out_json = std::move(*fresh);
    return HSD_OK;
  }

 private:
  CredentialService& credentials_;
  Session& session_;
  std::int64_t connection_id_;
  std::map<std::string, std::vector<compare::SideObject>>& objects_;
};

// A backup is read one type at a time (backup_objects with `types`), so that only one type of
// it is held; the first read resolves the ref, and the later ones read that same commit, so a
// branch that moves meanwhile cannot mix two states (and, given a full sha, a plugin need not
// ask its remote again: sdk/ABI.md).
class BackupSide final : public SideReader {
 public:
  explicit BackupSide(const SideContext& context) : context_(context) {}

  Status open(JsonObject side) override {
    const auto backup_id = optional_id(side, "backup");
    if (!backup_id) return field_error(context_.field, "the side names no backup");
    backup_id_ = *backup_id;
    auto ref = find_backup(context_.session, backup_id_);
    if (!ref) {
      if (ref.error().code == ErrorCode::not_found) {
        return on_side(context_.field, make_error(ErrorCode::not_found, "backup " + std::to_string(backup_id_) + " not found"));
      }
      return ref.error();
    }
    const auto& repository = ref->target.repository;
    connection_ = ref->target.connection;
    full_name_ = repository->getValue<std::string>("full_name");
    std::string at = side->optValue<std::string>("ref", "");
    if (at.empty()) at = ref->backup->getValue<std::string>("branch");
    asked_ref_ = at;

    const auto plugin_id = connection_->getValue<std::string>("plugin");
    plugin_ = context_.engine.plugins().find(plugin_id);
    if (!plugin_) return on_side(context_.field, make_error(ErrorCode::unavailable, "plugin '" + plugin_id + "' is not loaded"));
    if (plugin_->kind() != "vcs_target" || !plugin_->find_action("backup_objects")) {
      return on_side(context_.field, make_error(ErrorCode::unsupported, "plugin '" + plugin_id +
                                                                            "' cannot read backups back (no backup_objects action)"));
    }
    params_ = new Poco::JSON::Object;
    params_->set("repository", repository->getValue<std::string>("external_id"));
    params_->set("full_name", full_name_);
    params_->set("path_prefix", ref->backup->getValue<std::string>("path_prefix"));
    params_->set("source_plugin", ref->source->getValue<std::string>("plugin"));
    params_->set("source_account_id", ref->source->getValue<std::string>("account_id"));

    // The first read resolves the ref (and finds a missing one or a missing backup at once).
    const Plugin* source = context_.engine.plugins().find(ref->source->getValue<std::string>("plugin"));
    if (!context_.types.empty()) {
      first_type_ = context_.types.front();
    } else if (source && !source->object_types().empty()) {
      first_type_ = source->object_types().front();
    }
    auto first = read_from_plugin(first_type_, at);
    if (!first) return first.error();
    first_objects_ = std::move(*first);
    side->set("ref", at);
    side->set("commit", commit_);
    return {};
  }

  // What a backup holds is only known by reading it: every candidate may have objects here,
  // and a type with none on either side is left out of the result by the runner.
  Result<std::vector<std::string>> types_present(const std::vector<std::string>& candidates) override {
    return candidates;
  }

  Result<std::vector<compare::SideObject>> read_type(const std::string& type) override {
    if (first_objects_ && type == first_type_) {
      std::vector<compare::SideObject> objects = std::move(*first_objects_);
      first_objects_.reset();
      return objects;
    }
    return read_from_plugin(type, commit_);
  }

  std::vector<std::string> warnings() const override { return warnings_; }

 private:
  Result<std::vector<compare::SideObject>> read_from_plugin(const std::string& type, const std::string& at) {
    const auto connection_id = connection_->getValue<std::int64_t>("id");
    auto credentials = context_.credentials.fresh(context_.session, connection_id, false);
    if (!credentials) return on_side(context_.field, credentials.error());
    JsonObject params = new Poco::JSON::Object(*params_);
    params->set("ref", at);
    if (!type.empty()) params->set("types", to_array({type}));
    const std::string input = plugin_input_json(context_.engine, plugin_->id(), stringify(params),
                                                stringify(connection_view(connection_)), *credentials);
    std::map<std::string, std::vector<compare::SideObject>> objects;
    BackupObjectsCall call(context_.credentials, context_.session, connection_id, objects);
    call.plugin_id = plugin_->id();
    call.http = &context_.engine.http();
    call.also_cancelled = context_.cancel;
    auto status = plugin_->invoke(call, "backup_objects", input);
    if (!status) {
      Error error = status.error();
      if (error.reason == "REF_NOT_FOUND") {
        error.message = "backup " + std::to_string(backup_id_) + " has no ref '" + asked_ref_ + "' in " + full_name_;
      }
      return on_side(context_.field, std::move(error));
    }
    auto output = parse_object(call.output().empty() ? "{}" : call.output(), "the output of backup_objects");
    if (!output) return on_side(context_.field, output.error());
    if (commit_.empty()) commit_ = (*output)->optValue<std::string>("commit", "");
    for (auto& warning : string_list(*output, "warnings")) {
      std::string line = context_.field + ": " + warning;
      if (std::find(warnings_.begin(), warnings_.end(), line) == warnings_.end()) warnings_.push_back(std::move(line));
    }
    if (commit_.empty()) return on_side(context_.field, make_error(ErrorCode::internal, "backup_objects named no commit"));
    // Only the type asked for is kept, whatever else the plugin sent.
    auto found = objects.find(type);
    if (type.empty() || found == objects.end()) return std::vector<compare::SideObject>{};
    return std::move(found->second);
  }

  SideContext context_;
  std::int64_t backup_id_ = 0;
  JsonObject connection_;
  Plugin* plugin_ = nullptr;
  JsonObject params_;
  std::string full_name_;
  std::string asked_ref_;
  std::string commit_;  // the ref as the first read resolved it; later reads use it
  std::string first_type_;
  std::optional<std::vector<compare::SideObject>> first_objects_;
  std::vector<std::string> warnings_;
};

}  // namespace

std::string comparison_pin_holder(std::int64_t comparison_id) { return "comparison:" + std::to_string(comparison_id); }

Result<std::unique_ptr<SideReader>> make_side_reader(const SideContext& context, const JsonObject& side) {
  const std::string kind = side->optValue<std::string>("kind", "");
  if (kind == "connection" || kind == "snapshot") return std::unique_ptr<SideReader>(new SnapshotSide(context));
  if (kind == "backup") return std::unique_ptr<SideReader>(new BackupSide(context));
  return field_error(context.field + ".kind", "'" + kind + "' is not a side; expected connection, snapshot or backup");
}

}  // namespace hsd::engine
