#include "comparison_sides.hpp"

#include <algorithm>
#include <cctype>

#include "connections.hpp"

namespace hsd::engine {
namespace {

const char* const kSideForms =
    "a side is {\"connection\": ID}, {\"connection\": ID, \"snapshot\": SNAPSHOT_ID}, {\"backup\": ID} or "
    "{\"backup\": ID, \"ref\": \"BRANCH_OR_COMMIT\"}";
const char* const kTextForms = "a side is LABEL, ID, LABEL@SNAPSHOT_ID, backup:ID or backup:ID@REF";

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

Result<std::int64_t> id_member(const Poco::JSON::Object& object, const std::string& key, const std::string& field,
                               const std::string& what) {
  const auto value = object.get(key);
  const std::string name = field + "." + key;
  if (value.isEmpty() || value.isBoolean() || !value.isInteger()) {
    return field_error(name, "must be " + what + " (a positive integer)");
  }
  std::int64_t id = 0;
  try {
    id = value.convert<std::int64_t>();
  } catch (const Poco::Exception&) {
    return field_error(name, "must be " + what + " (a positive integer)");
  }
  if (id <= 0) return field_error(name, "must be " + what + " (a positive integer)");
  return id;
}

// A branch name or a commit as git takes it, without what could read as an option or a range.
Status check_ref(const std::string& ref, const std::string& field) {
  if (ref.empty()) return field_error(field, "must be a branch name or a commit, not empty");
  const bool bad = ref.front() == '-' || ref.find("..") != std::string::npos || ref.front() == '/' ||
                   ref.back() == '/' || ref.size() > 255 ||
                   std::any_of(ref.begin(), ref.end(), [](unsigned char c) {
                     return c <= 0x20 || c == 0x7f || c == '~' || c == '^' || c == ':' || c == '?' || c == '*' ||
                            c == '[' || c == '\\';
                   });
  if (bad) return field_error(field, "'" + ref + "' is not a branch name or a commit");
  return {};
}

JsonObject row_or_null(Result<JsonObject>& row) { return row ? *row : JsonObject(); }

}  // namespace

Result<SideSpec> side_from_json(const Poco::Dynamic::Var& value, const std::string& field) {
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) return field_error(field, std::string("must be an object: ") + kSideForms);
  const auto object = value.extract<Poco::JSON::Object::Ptr>();
  if (!object) return field_error(field, std::string("must be an object: ") + kSideForms);
  for (const auto& [key, member] : *object) {
    if (key != "connection" && key != "snapshot" && key != "backup" && key != "ref") {
      return field_error(field + "." + key, std::string("unknown key; ") + kSideForms);
    }
  }
  const bool has_connection = object->has("connection");
  const bool has_backup = object->has("backup");
  if (has_connection && has_backup) return field_error(field, "give either connection or backup, not both");
  if (!has_connection && !has_backup) return field_error(field, std::string("give connection or backup: ") + kSideForms);
  SideSpec spec;
  if (has_connection) {
    if (object->has("ref")) return field_error(field + ".ref", "only a backup side has a ref");
    auto id = id_member(*object, "connection", field, "a connection id");
    if (!id) return id.error();
    spec.connection = *id;
    if (object->has("snapshot")) {
      auto snapshot = id_member(*object, "snapshot", field, "a snapshot id");
      if (!snapshot) return snapshot.error();
      spec.snapshot = *snapshot;
    }
    return spec;
  }
  if (object->has("snapshot")) return field_error(field + ".snapshot", "only a connection side has a snapshot");
  auto id = id_member(*object, "backup", field, "a backup id");
  if (!id) return id.error();
  spec.backup = *id;
  if (object->has("ref")) {
    const auto ref = object->get("ref");
    if (!ref.isString()) return field_error(field + ".ref", "must be a branch name or a commit (a string)");
    spec.ref = ref.toString();
    HSD_TRY(check_ref(spec.ref, field + ".ref"));
  }
  return spec;
}

Result<SideSpec> side_from_text(Session& session, std::int64_t workspace_id, const std::string& text,
                                const std::string& field) {
  if (text.empty()) return field_error(field, std::string("empty; ") + kTextForms);
  SideSpec spec;
  static const std::string kBackup = "backup:";
  if (text.compare(0, kBackup.size(), kBackup) == 0) {
    const std::string rest = text.substr(kBackup.size());
    const auto at = rest.find('@');
    const std::string id = rest.substr(0, at);
    if (!all_digits(id) || std::stoll(id) <= 0) {
      return field_error(field, "'" + text + "': the backup's id must be a number (backup:ID or backup:ID@REF)");
    }
    spec.backup = std::stoll(id);
    if (at != std::string::npos) {
      spec.ref = rest.substr(at + 1);
      HSD_TRY(check_ref(spec.ref, field));
    }
    return spec;
  }
  const auto at = text.find('@');
  const std::string name = text.substr(0, at);
  if (name.find(':') != std::string::npos) {
    return field_error(field, "'" + text + "' is not a side (" + kTextForms +
                                  "); a connection whose label contains ':' or '@' is given by its id");
  }
  if (at != std::string::npos) {
    const std::string snapshot = text.substr(at + 1);
    if (!all_digits(snapshot) || std::stoll(snapshot) <= 0) {
      return field_error(field, "'" + snapshot + "' is not a snapshot id (LABEL@SNAPSHOT_ID, ids as `hsdeploy connections snapshots " +
                                    name + "` lists them); a connection whose label contains '@' is given by its id");
    }
    spec.snapshot = std::stoll(snapshot);
  }
  auto connection = resolve_connection(session, name, workspace_id);
  if (!connection) {
    if (connection.error().code == ErrorCode::not_found) {
      return field_error(field, "no connection '" + name + "' in this workspace");
    }
    return connection.error();
  }
  spec.connection = (*connection)->getValue<std::int64_t>("id");
  return spec;
}

Poco::JSON::Object side_to_json(const SideSpec& spec) {
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  if (spec.connection) out.set("connection", *spec.connection);
  if (spec.snapshot) out.set("snapshot", *spec.snapshot);
  if (spec.backup) out.set("backup", *spec.backup);
  if (!spec.ref.empty()) out.set("ref", spec.ref);
  return out;
}

Result<JsonObject> resolve_side(Session& session, Engine& engine, std::int64_t workspace_id, const SideSpec& spec,
                                const std::string& field) {
  JsonObject side = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  const Poco::Dynamic::Var null;
  JsonObject connection;
  JsonObject backup, repository;
  if (spec.backup) {
    auto row = session.get("backup_configs", *spec.backup);
    if (!row && row.error().code != ErrorCode::not_found) return row.error();
    backup = row_or_null(row);
    if (backup) {
      auto source = session.get("connections", backup->getValue<std::int64_t>("connection_id"));
      if (!source) return source.error();
      connection = *source;
    }
    // Another workspace's backup is answered as if it did not exist.
    if (!backup || connection->getValue<std::int64_t>("workspace_id") != workspace_id) {
      return field_error(field, "backup " + std::to_string(*spec.backup) + " not found");
    }
    auto repo = session.get("repositories", backup->getValue<std::int64_t>("repository_id"));
    if (!repo) return repo.error();
    repository = *repo;
  } else if (spec.connection) {
    auto row = session.get("connections", *spec.connection);
    if (!row && row.error().code != ErrorCode::not_found) return row.error();
    if (!row || (*row)->getValue<std::int64_t>("workspace_id") != workspace_id) {
      return field_error(field, "no connection " + std::to_string(*spec.connection) + " in this workspace");
    }
    connection = *row;
  } else {
    return field_error(field, std::string("give connection or backup: ") + kSideForms);
  }
  const auto connection_id = connection->getValue<std::int64_t>("id");
  const auto label = connection->getValue<std::string>("label");
  const auto kind = connection->getValue<std::string>("kind");
  if (kind != "source") {
    return field_error(field, "connection " + std::to_string(connection_id) + " is a " + kind + ", not a source");
  }
  const auto plugin = connection->getValue<std::string>("plugin");
  if (!engine.plugins().find(plugin)) {
    return field_error(field, "the plugin '" + plugin + "' of " + label + " is not loaded");
  }
  if (spec.snapshot) {
    auto snapshot = session.get("snapshots", *spec.snapshot);
    if (!snapshot && snapshot.error().code != ErrorCode::not_found) return snapshot.error();
    const bool usable = snapshot && (*snapshot)->getValue<std::int64_t>("connection_id") == connection_id &&
                        (*snapshot)->getValue<std::string>("state") != "building";
    if (!usable) {
      return field_error(field, "snapshot " + std::to_string(*spec.snapshot) + " of " + label +
                                    " was pruned or never existed");
    }
  }

  side->set("kind", std::string(backup ? "backup" : spec.snapshot ? "snapshot" : "connection"));
  side->set("connection", connection_id);
  side->set("connection_label", label);
  side->set("plugin", plugin);
  side->set("snapshot", spec.snapshot ? Poco::Dynamic::Var(*spec.snapshot) : null);
  if (backup) {
    const auto full_name = repository->getValue<std::string>("full_name");
    const std::string ref = spec.ref.empty() ? backup->getValue<std::string>("branch") : spec.ref;
    side->set("backup", backup->getValue<std::int64_t>("id"));
    side->set("repository", repository->getValue<std::int64_t>("id"));
    side->set("full_name", full_name);
    side->set("ref", ref);
    side->set("commit", null);
    side->set("label", full_name + "@" + ref);
  } else {
    side->set("backup", null);
    side->set("repository", null);
    side->set("full_name", null);
    side->set("ref", null);
    side->set("commit", null);
    side->set("label", spec.snapshot ? label + "@" + std::to_string(*spec.snapshot) : label);
  }
  return side;
}

}  // namespace hsd::engine
