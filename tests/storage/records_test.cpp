// Generic records: every entity and column of sdk/STORAGE.md, errors, uniqueness,
// compare-and-set, paging and transactions.
#include <chrono>
#include <map>
#include <set>

#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string n(std::int64_t v) { return std::to_string(v); }

// Compares every column of want with row (json columns by their compact text).
void expect_columns(const Poco::JSON::Object& want, const Poco::JSON::Object& row,
                    const std::string& entity) {
  for (const auto& [key, value] : want) {
    ASSERT_TRUE(row.has(key)) << entity << "." << key << " missing from the row";
    if (value.isEmpty()) {
      EXPECT_TRUE(row.isNull(key)) << entity << "." << key;
    } else if (value.isString()) {
      EXPECT_EQ(row.getValue<std::string>(key), value.convert<std::string>()) << entity << "." << key;
    } else if (value.isInteger()) {
      EXPECT_EQ(row.getValue<std::int64_t>(key), value.convert<std::int64_t>()) << entity << "." << key;
    } else {
      EXPECT_EQ(json_text(row.get(key)), json_text(value)) << entity << "." << key;
    }
  }
}

std::set<std::string> keys(const Poco::JSON::Object& o) {
  std::set<std::string> out;
  for (const auto& [key, value] : o) out.insert(key);
  return out;
}

}  // namespace

// Every column of every entity, as STORAGE.md lists them, with non-default values.
TEST_P(StorageTest, EveryEntityRoundTripsEveryColumn) {
  const auto ws = workspace("acme");
  const auto user = insert_id("users", R"({"email":"owner@acme.test"})");
  const auto conn = connection(ws, "Prod");
  const auto other = connection(ws, "Sandbox");
  const auto vcs = insert_id("connections", R"({"workspace_id":)" + n(ws) +
                                                R"(,"plugin":"github","kind":"vcs_target","label":"GH"})");
  const auto repo = insert_id("repositories", R"({"connection_id":)" + n(vcs) +
                                                  R"(,"external_id":"1","full_name":"acme/one"})");
  const auto config = insert_id("backup_configs", R"({"connection_id":)" + n(conn) +
                                                      R"(,"repository_id":)" + n(repo) + "}");
  const auto t = [](int i) { return n(1700000000000 + i); };
  const auto comparison = insert_id("comparisons", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(conn) + "}");

  const std::map<std::string, std::string> full = {
      {"workspaces", R"({"name":"Ünïcode 👍 workspace","created_at":)" + t(1) + "}"},
      {"users", R"({"email":"a@b.test","name":"Zoë\nNewline","created_at":)" + t(2) +
                    R"(,"password_hash":"$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA","password_set_at":)" + t(34) + "}"},
      {"memberships", R"({"workspace_id":)" + n(ws) + R"(,"user_id":)" + n(user) +
                          R"(,"role":"admin","created_at":)" + t(3) + "}"},
      {"api_tokens", R"({"user_id":)" + n(user) + R"(,"name":"ci","token_hash":"abc123","created_at":)" +
                         t(4) + R"(,"last_used_at":)" + t(5) + R"(,"revoked_at":)" + t(6) + "}"},
      {"connections",
       R"({"workspace_id":)" + n(ws) +
           R"(,"plugin":"hubspot","kind":"source","label":"Full","account_id":"123","account_name":"acme.hubspot.com","auth_type":"oauth","scopes_requested":["a","b"],"scopes_granted":["a"],"scopes_missing":["b"],"warnings":[{"code":"W","n":1}],"token_expires_at":)" +
           t(7) +
           R"(,"status":"error","status_detail":"Token refresh failed","status_code":"reauth_required","progress_done":5,"progress_total":9,"progress_type":"forms","current_snapshot_id":42,"settings":{"k":{"nested":[1,2,null,true]}},"created_at":)" +
           t(8) + R"(,"updated_at":)" + t(9) + R"(,"retrieved_at":)" + t(10) + R"(,"token_refreshed_at":)" + t(7) + "}"},
      {"credentials", R"({"connection_id":)" + n(other) + R"(,"sealed":"bm9uY2U=","updated_at":)" + t(11) + "}"},
      {"oauth_states", R"({"state_hash":"s1","workspace_id":)" + n(ws) + R"(,"user_id":)" + n(user) +
                           R"(,"plugin":"hubspot","data":{"connection_id":)" + n(conn) +
                           R"(,"verifier":"v"},"created_at":)" + t(12) + R"(,"expires_at":)" + t(13) +
                           R"(,"used_at":)" + t(14) + "}"},
      {"repositories", R"({"connection_id":)" + n(vcs) +
                           R"(,"external_id":"2","full_name":"acme/two","default_branch":"main","status":"error","status_reason":"not_found","status_detail":"gone","last_checked_at":)" +
                           t(15) + R"(,"created_at":)" + t(16) + R"(,"updated_at":)" + t(17) + "}"},
      {"snapshots", R"({"connection_id":)" + n(conn) + R"(,"state":"building","object_count":3,"created_at":)" +
                        t(18) + R"(,"completed_at":)" + t(19) + "}"},
      {"comparisons", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(conn) +
                          R"(,"other_connection_id":)" + n(other) +
                          R"(,"state":"completed","result":{"totals":{"added":1}},"created_at":)" + t(20) +
                          R"(,"left_side":{"kind":"connection","connection":)" + n(conn) +
                          R"(},"right_side":{"kind":"backup","backup":)" + n(config) +
                          R"(},"types":["forms"],"status_detail":"done","status_code":"E","progress_done":3,"progress_total":4,"progress_type":"forms","job_id":77,"created_by":)" +
                          n(user) + R"(,"watch_id":5,"left_repository_id":)" + n(repo) + R"(,"right_repository_id":)" +
                          n(repo) + R"(,"differences":9,"finished_at":)" + t(45) + R"(,"updated_at":)" + t(46) + "}"},
      {"comparison_changes", R"({"comparison_id":)" + n(comparison) +
                                 R"(,"type":"forms","kind":"changed","key":"Contact us","name":"Contact ✓","left_id":"a1","right_id":"b2","operations":2,"patch":[{"op":"replace","path":"/x","value":2,"old":1}],"left_document":"{\"x\":1}","right_document":"{\"x\":2}"})"},
      {"drift_watches", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(conn) +
                            R"(,"against":{"backup":)" + n(config) + R"(,"ref":"main"},"other_connection_id":)" + n(other) +
                            R"(,"backup_config_id":)" + n(config) + R"(,"repository_id":)" + n(repo) +
                            R"(,"types":["forms","workflows"],"label":"acme/one@main","created_by":)" + n(user) +
                            R"(,"created_at":)" + t(47) + R"(,"updated_at":)" + t(48) +
                            R"(,"state":"drift","state_detail":"12 differences","differences":12,"last_comparison_id":)" +
                            n(comparison) + R"(,"last_run_at":)" + t(49) + "}"},
      {"backup_configs", R"({"connection_id":)" + n(conn) + R"(,"repository_id":)" + n(repo) +
                             R"(,"branch":"backup","path_prefix":"portal/","schedule":"0 3 * * *","created_at":)" +
                             t(21) + R"(,"updated_at":)" + t(22) + "}"},
      {"backup_runs", R"({"backup_config_id":)" + n(config) + R"(,"connection_id":)" + n(conn) +
                          R"(,"commit_sha":"deadbeef","added":1,"changed":2,"removed":3,"status":"ok","error":"none","created_at":)" +
                          t(23) + R"(,"finished_at":)" + t(24) + "}"},
      {"deployments", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(conn) +
                          R"(,"state":"running","details":{"steps":[]},"created_at":)" + t(25) +
                          R"(,"finished_at":)" + t(26) + "}"},
      {"jobs", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(conn) +
                   R"(,"pipeline":"retrieve","params":{"types":["forms"]},"state":"failed","attempts":2,"max_attempts":5,"run_after":)" +
                   t(27) + R"(,"lease_owner":"w1","lease_expires_at":)" + t(28) +
                   R"(,"error":"boom","result":{"ok":false},"created_at":)" + t(29) +
                   R"(,"started_at":)" + t(30) + R"(,"finished_at":)" + t(31) + R"(,"updated_at":)" +
                   t(32) + "}"},
      {"audit_log", R"({"workspace_id":)" + n(ws) + R"(,"user_id":)" + n(user) +
                        R"(,"action":"connection.delete","target_type":"connection","target_id":"7","details":{"why":"test"},"remote_addr":"127.0.0.1","created_at":)" +
                        t(33) + "}"},
      {"password_links", R"({"token_hash":"l1","user_id":)" + n(user) + R"(,"workspace_id":)" + n(ws) +
                             R"(,"purpose":"member","created_by":)" + n(user) + R"(,"created_at":)" + t(35) +
                             R"(,"expires_at":)" + t(36) + R"(,"used_at":)" + t(37) + "}"},
      {"web_sessions", R"({"token_hash":"w1","user_id":)" + n(user) + R"(,"csrf_token":"c1","created_at":)" + t(38) +
                           R"(,"last_seen_at":)" + t(39) + R"(,"expires_at":)" + t(40) + R"(,"revoked_at":)" + t(41) +
                           R"(,"remote_addr":"::1"})"},
      {"login_throttles", R"({"key":"account:a@b.test","failures":6,"first_failure_at":)" + t(42) +
                              R"(,"blocked_until":)" + t(43) + R"(,"updated_at":)" + t(44) + "}"},
  };
  ASSERT_EQ(full.size(), 20u) << "STORAGE.md lists 20 entities";

  for (const auto& [entity, json] : full) {
    SCOPED_TRACE(entity);
    const auto want = obj(json);
    auto inserted = db().insert(entity, *want);
    ASSERT_TRUE(inserted.ok()) << inserted.error().message;
    // The row has exactly id plus every column STORAGE.md lists (all set above).
    auto expected_keys = keys(*want);
    expected_keys.insert("id");
    EXPECT_EQ(keys(**inserted), expected_keys);
    expect_columns(*want, **inserted, entity);

    const auto id = (*inserted)->getValue<std::int64_t>("id");
    auto fetched = db().get(entity, id);
    ASSERT_TRUE(fetched.ok()) << fetched.error().message;
    EXPECT_EQ(keys(**fetched), expected_keys);
    expect_columns(*want, **fetched, entity);
  }
}

TEST_P(StorageTest, InsertFillsDefaultsAndTimestamps) {
  const auto before = wall_ms();
  const auto ws = workspace("w");
  auto row = db().insert("connections", *obj(R"({"workspace_id":)" + n(ws) +
                                             R"(,"plugin":"hubspot","kind":"source","label":"L"})"));
  const auto after = wall_ms();
  ASSERT_TRUE(row.ok()) << row.error().message;
  const auto& r = **row;
  EXPECT_EQ(r.getValue<std::string>("status"), "pending");
  EXPECT_EQ(r.getValue<std::string>("account_id"), "");
  EXPECT_EQ(json_text(r.get("scopes_requested")), "[]");
  EXPECT_EQ(json_text(r.get("warnings")), "[]");
  EXPECT_EQ(json_text(r.get("settings")), "{}");
  EXPECT_EQ(r.getValue<std::int64_t>("progress_done"), 0);
  EXPECT_TRUE(r.isNull("token_expires_at"));
  EXPECT_TRUE(r.isNull("current_snapshot_id"));
  EXPECT_TRUE(r.isNull("retrieved_at"));
  for (const char* stamp : {"created_at", "updated_at"}) {
    EXPECT_GE(r.getValue<std::int64_t>(stamp), before) << stamp;
    EXPECT_LE(r.getValue<std::int64_t>(stamp), after) << stamp;
  }
  auto job = db().insert("jobs", *obj(R"({"pipeline":"retrieve"})"));
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ((*job)->getValue<std::string>("state"), "queued");
  EXPECT_EQ((*job)->getValue<std::int64_t>("attempts"), 0);
  EXPECT_EQ((*job)->getValue<std::int64_t>("max_attempts"), 3);
  EXPECT_EQ((*job)->getValue<std::int64_t>("run_after"), 0);
  EXPECT_TRUE((*job)->isNull("lease_owner"));
  EXPECT_TRUE((*job)->isNull("workspace_id"));
  EXPECT_EQ(json_text((*job)->get("result")), "{}");
}

TEST_P(StorageTest, MissingRequiredColumnIsInvalidArgumentNamingIt) {
  auto row = db().insert("connections", *obj(R"({"plugin":"hubspot","kind":"source","label":"L"})"));
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(row.error().message.find("workspace_id"), std::string::npos) << row.error().message;
}

TEST_P(StorageTest, UpdateSetsColumnsAndUpdatedAt) {
  const auto ws = workspace("w");
  const auto id = insert_id("connections", R"({"workspace_id":)" + n(ws) +
                                               R"(,"plugin":"hubspot","kind":"source","label":"L","updated_at":1})");
  auto row = db().update("connections", id, *obj(R"({"label":"Renamed","scopes_granted":["x"],"token_expires_at":5})"));
  ASSERT_TRUE(row.ok()) << row.error().message;
  EXPECT_EQ((*row)->getValue<std::string>("label"), "Renamed");
  EXPECT_EQ(json_text((*row)->get("scopes_granted")), R"(["x"])");
  EXPECT_EQ((*row)->getValue<std::int64_t>("token_expires_at"), 5);
  EXPECT_GT((*row)->getValue<std::int64_t>("updated_at"), 1);
  auto cleared = db().update("connections", id, *obj(R"({"token_expires_at":null})"));
  ASSERT_TRUE(cleared.ok()) << cleared.error().message;
  EXPECT_TRUE((*cleared)->isNull("token_expires_at"));
  auto fetched = db().get("connections", id);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ((*fetched)->getValue<std::string>("label"), "Renamed");
}

TEST_P(StorageTest, UpdateOrRemoveOfMissingIdIsNotFound) {
  auto updated = db().update("workspaces", 4242, *obj(R"({"name":"x"})"));
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::not_found);
  EXPECT_NE(updated.error().message.find("4242"), std::string::npos) << updated.error().message;
  auto removed = db().remove("workspaces", 4242);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, ErrorCode::not_found);
  auto got = db().get("workspaces", 4242);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::not_found);
  EXPECT_NE(got.error().message.find("workspaces"), std::string::npos) << got.error().message;
  EXPECT_NE(got.error().message.find("4242"), std::string::npos) << got.error().message;
}

TEST_P(StorageTest, RemoveDeletesOneRecord) {
  const auto a = workspace("a");
  const auto b = workspace("b");
  ASSERT_TRUE(db().remove("workspaces", a).ok());
  EXPECT_EQ(db().get("workspaces", a).error().code, ErrorCode::not_found);
  EXPECT_TRUE(db().get("workspaces", b).ok());
}

TEST_P(StorageTest, UnknownEntityIsInvalidArgumentNamingIt) {
  auto row = db().insert("widgets", *obj(R"({"name":"x"})"));
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(row.error().message.find("widgets"), std::string::npos) << row.error().message;
  auto found = db().find("widgets; DROP TABLE workspaces");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(db().find("workspaces").ok());
}

TEST_P(StorageTest, UnknownColumnIsInvalidArgumentNamingIt) {
  auto row = db().insert("workspaces", *obj(R"({"name":"x","colour":"red"})"));
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(row.error().message.find("colour"), std::string::npos) << row.error().message;

  const auto ws = workspace("w");
  auto updated = db().update("workspaces", ws, *obj(R"({"name = name; --":"y"})"));
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(updated.error().message.find("name = name; --"), std::string::npos);

  engine::Query query;
  query.where.set("shade", "blue");
  auto found = db().find("workspaces", query);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(found.error().message.find("shade"), std::string::npos) << found.error().message;

  auto cas = db().update("workspaces", ws, *obj(R"({"name":"z"})"), *obj(R"({"hue":1})"));
  ASSERT_FALSE(cas.ok());
  EXPECT_EQ(cas.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(cas.error().message.find("hue"), std::string::npos) << cas.error().message;
}

TEST_P(StorageTest, WrongValueTypeIsInvalidArgumentNamingColumn) {
  for (const char* record : {R"({"name":5})", R"({"name":null})", R"({"name":["a"]})"}) {
    auto row = db().insert("workspaces", *obj(record));
    ASSERT_FALSE(row.ok()) << record;
    EXPECT_EQ(row.error().code, ErrorCode::invalid_argument) << record;
    EXPECT_NE(row.error().message.find("name"), std::string::npos) << row.error().message;
  }
  const auto ws = workspace("w");
  auto bad_json = db().insert("connections", *obj(R"({"workspace_id":)" + n(ws) +
                                                  R"(,"plugin":"p","kind":"k","label":"l","settings":"text"})"));
  ASSERT_FALSE(bad_json.ok());
  EXPECT_NE(bad_json.error().message.find("settings"), std::string::npos) << bad_json.error().message;
}

TEST_P(StorageTest, UniqueKeyTakenIsConflictNamingEntityAndKey) {
  const auto ws = workspace("acme");
  auto again = db().insert("workspaces", *obj(R"({"name":"acme"})"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_NE(again.error().message.find("workspaces"), std::string::npos) << again.error().message;
  EXPECT_NE(again.error().message.find("name"), std::string::npos) << again.error().message;

  connection(ws, "Prod");
  auto label = db().insert("connections", *obj(R"({"workspace_id":)" + n(ws) +
                                               R"(,"plugin":"hubspot","kind":"source","label":"Prod"})"));
  ASSERT_FALSE(label.ok());
  EXPECT_EQ(label.error().code, ErrorCode::conflict);
  EXPECT_NE(label.error().message.find("connections"), std::string::npos) << label.error().message;
  EXPECT_NE(label.error().message.find("label"), std::string::npos) << label.error().message;
  // Another workspace may reuse the label.
  const auto other = workspace("other");
  EXPECT_GT(connection(other, "Prod"), 0);

  const auto user = insert_id("users", R"({"email":"a@b.test"})");
  const std::string member = R"({"workspace_id":)" + n(ws) + R"(,"user_id":)" + n(user) + R"(,"role":"member"})";
  insert_id("memberships", member);
  auto twice = db().insert("memberships", *obj(member));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::conflict);
  EXPECT_NE(twice.error().message.find("memberships"), std::string::npos) << twice.error().message;

  // An update into a taken key conflicts too, and changes nothing.
  const auto b = workspace("b");
  auto renamed = db().update("workspaces", b, *obj(R"({"name":"acme"})"));
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.error().code, ErrorCode::conflict);
  EXPECT_EQ((*db().get("workspaces", b))->getValue<std::string>("name"), "b");
}

// Browser sign-in (migration 3): each token and throttle key is unique, a new user has no
// password, and a link's single use is one compare-and-set on used_at (a second use conflicts).
TEST_P(StorageTest, WebAuthEntitiesKeepTheirKeysUniqueAndALinkIsUsedOnce) {
  const auto user = insert_id("users", R"({"email":"s@b.test"})");
  auto fresh = db().get("users", user);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ((*fresh)->getValue<std::string>("password_hash"), "");
  EXPECT_TRUE((*fresh)->isNull("password_set_at"));

  const std::string link = R"({"token_hash":"t1","user_id":)" + n(user) + R"(,"purpose":"reset","expires_at":9})";
  const auto link_id = insert_id("password_links", link);
  const std::string session = R"({"token_hash":"h1","user_id":)" + n(user) +
                              R"(,"csrf_token":"c","last_seen_at":1,"expires_at":2})";
  insert_id("web_sessions", session);
  insert_id("login_throttles", R"({"key":"address:127.0.0.1"})");
  for (const auto& [entity, record] : std::vector<std::pair<std::string, std::string>>{
           {"password_links", link}, {"web_sessions", session}, {"login_throttles", R"({"key":"address:127.0.0.1"})"}}) {
    auto twice = db().insert(entity, *obj(record));
    ASSERT_FALSE(twice.ok()) << entity;
    EXPECT_EQ(twice.error().code, ErrorCode::conflict) << entity;
    EXPECT_NE(twice.error().message.find(entity), std::string::npos) << twice.error().message;
  }
  auto throttle = db().find("login_throttles");
  ASSERT_TRUE(throttle.ok());
  ASSERT_EQ(throttle->size(), 1u);
  EXPECT_EQ(throttle->front()->getValue<std::int64_t>("failures"), 0);
  EXPECT_EQ(throttle->front()->getValue<std::int64_t>("blocked_until"), 0);

  auto first = db().update("password_links", link_id, *obj(R"({"used_at":5})"), *obj(R"({"used_at":null})"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto second = db().update("password_links", link_id, *obj(R"({"used_at":6})"), *obj(R"({"used_at":null})"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::conflict);
  EXPECT_EQ((*db().get("password_links", link_id))->getValue<std::int64_t>("used_at"), 5);
}

TEST_P(StorageTest, CompareAndSetUpdate) {
  const auto ws = workspace("w");
  const auto id = connection(ws, "L");
  auto first = db().update("connections", id, *obj(R"({"status":"in_progress"})"),
                           *obj(R"({"status":"pending","token_expires_at":null})"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ((*first)->getValue<std::string>("status"), "in_progress");
  // The expected value no longer holds: CONFLICT, nothing changes.
  auto second = db().update("connections", id, *obj(R"({"status":"completed","label":"X"})"),
                            *obj(R"({"status":"pending"})"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::conflict);
  auto row = db().get("connections", id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ((*row)->getValue<std::string>("status"), "in_progress");
  EXPECT_EQ((*row)->getValue<std::string>("label"), "L");
  // Missing id with expected values is still NOT_FOUND, not CONFLICT.
  auto missing = db().update("connections", id + 100, *obj(R"({"status":"error"})"),
                             *obj(R"({"status":"pending"})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_P(StorageTest, FindFiltersOrdersAndPages) {
  const auto ws = workspace("w");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 7; ++i) {
    ids.push_back(insert_id("audit_log", R"({"workspace_id":)" + n(ws) + R"(,"action":")" +
                                             (i % 2 ? "odd" : "even") + R"("})"));
  }
  insert_id("audit_log", R"({"action":"even"})");  // workspace_id NULL

  engine::Query even;
  even.where.set("action", "even");
  even.where.set("workspace_id", ws);
  auto rows = db().find("audit_log", even);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 4u);
  for (std::size_t i = 1; i < rows->size(); ++i) {
    EXPECT_LT((*rows)[i - 1]->getValue<std::int64_t>("id"), (*rows)[i]->getValue<std::int64_t>("id"));
  }

  engine::Query null_ws;
  null_ws.where.set("workspace_id", Poco::Dynamic::Var());
  auto nulls = db().find("audit_log", null_ws);
  ASSERT_TRUE(nulls.ok()) << nulls.error().message;
  ASSERT_EQ(nulls->size(), 1u);
  EXPECT_TRUE(nulls->front()->isNull("workspace_id"));

  // Keyset paging: three pages of 3, 3 and 1 over the workspace's rows.
  engine::Query page;
  page.where.set("workspace_id", ws);
  page.limit = 3;
  std::vector<std::int64_t> seen;
  for (int guard = 0; guard < 10; ++guard) {
    auto got = db().find("audit_log", page);
    ASSERT_TRUE(got.ok()) << got.error().message;
    if (got->empty()) break;
    for (const auto& r : *got) seen.push_back(r->getValue<std::int64_t>("id"));
    page.after_id = got->back()->getValue<std::int64_t>("id");
  }
  EXPECT_EQ(seen, ids);

  engine::Query desc;
  desc.where.set("workspace_id", ws);
  desc.descending = true;
  desc.limit = 2;
  auto last = db().find("audit_log", desc);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 2u);
  EXPECT_EQ((*last)[0]->getValue<std::int64_t>("id"), ids[6]);
  EXPECT_EQ((*last)[1]->getValue<std::int64_t>("id"), ids[5]);
  desc.after_id = ids[5];
  auto before = db().find("audit_log", desc);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 2u);
  EXPECT_EQ((*before)[0]->getValue<std::int64_t>("id"), ids[4]);
}

TEST_P(StorageTest, RollbackLeavesNothingStored) {
  {
    auto tx = engine::Transaction::begin(db());
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    const auto ws = workspace("temp");
    connection(ws, "temp");
    ASSERT_TRUE(tx->rollback().ok());
  }
  {
    auto tx = engine::Transaction::begin(db());
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    workspace("dropped-by-destructor");
    // A failure inside the transaction; the caller gives up and the destructor rolls back.
    EXPECT_FALSE(db().insert("workspaces", *obj(R"({"name":5})")).ok());
  }
  auto workspaces = db().find("workspaces");
  ASSERT_TRUE(workspaces.ok());
  EXPECT_TRUE(workspaces->empty());
  auto connections = db().find("connections");
  ASSERT_TRUE(connections.ok());
  EXPECT_TRUE(connections->empty());
}

TEST_P(StorageTest, CommitStoresEverythingAndIsVisibleToOtherSessions) {
  auto other = storage().open_session();
  ASSERT_TRUE(other.ok()) << other.error().message;
  std::int64_t ws = 0;
  {
    auto tx = engine::Transaction::begin(db());
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    ws = workspace("kept");
    connection(ws, "kept");
    // Not visible elsewhere before commit.
    auto early = other->find("workspaces");
    ASSERT_TRUE(early.ok()) << early.error().message;
    EXPECT_TRUE(early->empty());
    ASSERT_TRUE(tx->commit().ok());
  }
  EXPECT_TRUE(other->get("workspaces", ws).ok());
  auto conns = other->find("connections");
  ASSERT_TRUE(conns.ok());
  EXPECT_EQ(conns->size(), 1u);
}

TEST_P(StorageTest, NestedBeginIsRefused) {
  auto tx = engine::Transaction::begin(db());
  ASSERT_TRUE(tx.ok());
  EXPECT_FALSE(db().begin().ok());
  EXPECT_TRUE(tx->commit().ok());
  EXPECT_FALSE(db().commit().ok());
}

}  // namespace hsd::test
