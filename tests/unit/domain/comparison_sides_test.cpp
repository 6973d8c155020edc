// Comparison sides: every bad JSON or text form names the side and the field, and resolving a
// side checks it exists in the workspace and is a source (snapshots of it, backups of it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "domain/comparison_sides.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

Poco::Dynamic::Var parse(const std::string& json) { return Poco::JSON::Parser().parse(json); }

std::string field_of(const Error& error) {
  auto details = parse_object(error.details_json, "details");
  return details ? (*details)->optValue<std::string>("field", "") : "";
}

TEST(SideFromJson, AcceptsTheFourForms) {
  auto current = side_from_json(parse(R"({"connection": 4})"), "left");
  ASSERT_TRUE(current.ok()) << current.error().message;
  EXPECT_EQ(current->connection, 4);
  EXPECT_FALSE(current->snapshot);
  EXPECT_FALSE(current->backup);

  auto earlier = side_from_json(parse(R"({"connection": 4, "snapshot": 41})"), "left");
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->snapshot, 41);

  auto backup = side_from_json(parse(R"({"backup": 3})"), "right");
  ASSERT_TRUE(backup.ok());
  EXPECT_EQ(backup->backup, 3);
  EXPECT_EQ(backup->ref, "");

  auto at_ref = side_from_json(parse(R"({"backup": 3, "ref": "release/2026-12"})"), "right");
  ASSERT_TRUE(at_ref.ok()) << at_ref.error().message;
  EXPECT_EQ(at_ref->ref, "release/2026-12");

  // And back to JSON as it came.
  EXPECT_EQ(stringify(Poco::Dynamic::Var(side_to_json(*at_ref))), R"({"backup":3,"ref":"release/2026-12"})");
  EXPECT_EQ(stringify(Poco::Dynamic::Var(side_to_json(*earlier))), R"({"connection":4,"snapshot":41})");
}

TEST(SideFromJson, EveryBadFormNamesTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"([1])", "left"},
      {R"({})", "left"},
      {R"({"connection": 1, "backup": 2})", "left"},
      {R"({"connection": 1, "colour": "red"})", "left.colour"},
      {R"({"connection": "1"})", "left.connection"},
      {R"({"connection": 1.5})", "left.connection"},
      {R"({"connection": true})", "left.connection"},
      {R"({"connection": 0})", "left.connection"},
      {R"({"connection": -3})", "left.connection"},
      {R"({"connection": null})", "left.connection"},
      {R"({"connection": 1, "snapshot": "41"})", "left.snapshot"},
      {R"({"connection": 1, "snapshot": 0})", "left.snapshot"},
      {R"({"connection": 1, "ref": "main"})", "left.ref"},
      {R"({"backup": "3"})", "left.backup"},
      {R"({"backup": 3, "snapshot": 4})", "left.snapshot"},
      {R"({"backup": 3, "ref": 7})", "left.ref"},
      {R"({"backup": 3, "ref": ""})", "left.ref"},
      {R"({"backup": 3, "ref": "--upload-pack=evil"})", "left.ref"},
      {R"({"backup": 3, "ref": "main..dev"})", "left.ref"},
      {R"({"backup": 3, "ref": "has space"})", "left.ref"},
  };
  // A string where an object belongs (Poco's parser takes no bare scalar text).
  auto text = side_from_json(Poco::Dynamic::Var(std::string("prod")), "left");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(field_of(text.error()), "left");
  for (const auto& [json, field] : cases) {
    auto side = side_from_json(parse(json), "left");
    ASSERT_FALSE(side.ok()) << json;
    EXPECT_EQ(side.error().code, ErrorCode::invalid_argument) << json;
    EXPECT_EQ(field_of(side.error()), field) << json << ": " << side.error().message;
    EXPECT_THAT(side.error().message, HasSubstr(field + ":")) << json;
  }
}

class SidesTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    ws_ = workspace("acme");
    auto prod = connect_echo(ws_, "prod");
    ASSERT_FALSE(prod.isNull());
    prod_ = prod->getValue<std::int64_t>("id");
    prod_label_ = prod->getValue<std::string>("label");
    Poco::JSON::Object vcs;
    vcs.set("workspace_id", ws_);
    vcs.set("plugin", std::string("echo_source"));
    vcs.set("kind", std::string("vcs_target"));
    vcs.set("label", std::string("GH"));
    vcs_ = (*session().insert("connections", vcs))->getValue<std::int64_t>("id");
    Poco::JSON::Object repo;
    repo.set("connection_id", vcs_);
    repo.set("external_id", std::string("r1"));
    repo.set("full_name", std::string("acme/hubspot-config"));
    repo_ = (*session().insert("repositories", repo))->getValue<std::int64_t>("id");
    Poco::JSON::Object backup;
    backup.set("connection_id", prod_);
    backup.set("repository_id", repo_);
    backup.set("branch", std::string("main"));
    backup_ = (*session().insert("backup_configs", backup))->getValue<std::int64_t>("id");
  }

  Result<JsonObject> resolve(const std::string& json, std::int64_t ws = 0) {
    auto spec = side_from_json(parse(json), "right");
    if (!spec) return spec.error();
    return resolve_side(session(), engine(), ws ? ws : ws_, *spec, "right");
  }

  std::int64_t ws_ = 0, prod_ = 0, vcs_ = 0, repo_ = 0, backup_ = 0;
  std::string prod_label_;
};

TEST_F(SidesTest, TextFormsNameConnectionsSnapshotsAndBackups) {
  auto by_label = side_from_text(session(), ws_, prod_label_, "left");
  ASSERT_TRUE(by_label.ok()) << by_label.error().message;
  EXPECT_EQ(by_label->connection, prod_);
  auto by_id = side_from_text(session(), ws_, std::to_string(prod_), "left");
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->connection, prod_);
  auto earlier = side_from_text(session(), ws_, prod_label_ + "@41", "left");
  ASSERT_TRUE(earlier.ok()) << earlier.error().message;
  EXPECT_EQ(earlier->connection, prod_);
  EXPECT_EQ(earlier->snapshot, 41);
  auto backup = side_from_text(session(), ws_, "backup:7", "right");
  ASSERT_TRUE(backup.ok());
  EXPECT_EQ(backup->backup, 7);
  EXPECT_EQ(backup->ref, "");
  auto at_ref = side_from_text(session(), ws_, "backup:7@feature/x", "right");
  ASSERT_TRUE(at_ref.ok());
  EXPECT_EQ(at_ref->ref, "feature/x");
}

TEST_F(SidesTest, BadTextFormsNameTheSide) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"nobody", "no connection 'nobody' in this workspace"},
      {"", "empty"},
      {"backup:", "backup's id must be a number"},
      {"backup:x@main", "backup's id must be a number"},
      {"backup:3@", "not empty"},
      {"backup:3@-x", "is not a branch name or a commit"},
      {"prod@latest", "'latest' is not a snapshot id"},
      {"prod@", "'' is not a snapshot id"},
      {"git:prod", "given by its id"},
  };
  for (const auto& [text, message] : cases) {
    auto side = side_from_text(session(), ws_, text, "left");
    ASSERT_FALSE(side.ok()) << text;
    EXPECT_EQ(side.error().code, ErrorCode::invalid_argument) << text;
    EXPECT_THAT(side.error().message, HasSubstr("left: ")) << text;
    EXPECT_THAT(side.error().message, HasSubstr(message)) << text;
  }
  // A label of another workspace is not found in this one.
  const auto other = workspace("other");
  auto elsewhere = side_from_text(session(), other, prod_label_, "right");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_THAT(elsewhere.error().message, HasSubstr("right: no connection '" + prod_label_ + "' in this workspace"));
}

TEST_F(SidesTest, ResolvesConnectionSnapshotAndBackupSides) {
  auto current = resolve(R"({"connection": )" + std::to_string(prod_) + "}");
  ASSERT_TRUE(current.ok()) << current.error().message;
  EXPECT_EQ((*current)->getValue<std::string>("kind"), "connection");
  EXPECT_EQ((*current)->getValue<std::int64_t>("connection"), prod_);
  EXPECT_EQ((*current)->getValue<std::string>("connection_label"), prod_label_);
  EXPECT_EQ((*current)->getValue<std::string>("plugin"), "echo_source");
  EXPECT_EQ((*current)->getValue<std::string>("label"), prod_label_);
  for (const char* key : {"snapshot", "backup", "repository", "full_name", "ref", "commit"}) {
    EXPECT_TRUE((*current)->isNull(key)) << key;
  }

  auto snapshot = session().snapshot_create(prod_);
  ASSERT_TRUE(snapshot.ok());
  // A snapshot still building cannot be compared.
  auto building = resolve(R"({"connection": )" + std::to_string(prod_) + R"(, "snapshot": )" + std::to_string(*snapshot) + "}");
  ASSERT_FALSE(building.ok());
  EXPECT_THAT(building.error().message, HasSubstr("right: snapshot " + std::to_string(*snapshot) + " of " + prod_label_ +
                                                  " was pruned or never existed"));
  ASSERT_TRUE(session().snapshot_activate(*snapshot).ok());
  auto earlier = resolve(R"({"connection": )" + std::to_string(prod_) + R"(, "snapshot": )" + std::to_string(*snapshot) + "}");
  ASSERT_TRUE(earlier.ok()) << earlier.error().message;
  EXPECT_EQ((*earlier)->getValue<std::string>("kind"), "snapshot");
  EXPECT_EQ((*earlier)->getValue<std::int64_t>("snapshot"), *snapshot);
  EXPECT_EQ((*earlier)->getValue<std::string>("label"), prod_label_ + "@" + std::to_string(*snapshot));

  auto backup = resolve(R"({"backup": )" + std::to_string(backup_) + "}");
  ASSERT_TRUE(backup.ok()) << backup.error().message;
  EXPECT_EQ((*backup)->getValue<std::string>("kind"), "backup");
  EXPECT_EQ((*backup)->getValue<std::int64_t>("connection"), prod_);
  EXPECT_EQ((*backup)->getValue<std::int64_t>("backup"), backup_);
  EXPECT_EQ((*backup)->getValue<std::int64_t>("repository"), repo_);
  EXPECT_EQ((*backup)->getValue<std::string>("full_name"), "acme/hubspot-config");
  EXPECT_EQ((*backup)->getValue<std::string>("ref"), "main");
  EXPECT_TRUE((*backup)->isNull("commit"));
  EXPECT_EQ((*backup)->getValue<std::string>("label"), "acme/hubspot-config@main");
  auto at_ref = resolve(R"({"backup": )" + std::to_string(backup_) + R"(, "ref": "abc123"})");
  ASSERT_TRUE(at_ref.ok());
  EXPECT_EQ((*at_ref)->getValue<std::string>("label"), "acme/hubspot-config@abc123");
}

TEST_F(SidesTest, UnknownOrForeignSidesAreRefusedNamingTheSide) {
  const auto other_ws = workspace("other");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"connection": 987654})", "right: no connection 987654 in this workspace"},
      {R"({"connection": )" + std::to_string(vcs_) + "}",
       "right: connection " + std::to_string(vcs_) + " is a vcs_target, not a source"},
      {R"({"connection": )" + std::to_string(prod_) + R"(, "snapshot": 987654})",
       "right: snapshot 987654 of " + prod_label_ + " was pruned or never existed"},
      {R"({"backup": 987654})", "right: backup 987654 not found"},
  };
  for (const auto& [json, message] : cases) {
    auto side = resolve(json);
    ASSERT_FALSE(side.ok()) << json;
    EXPECT_EQ(side.error().code, ErrorCode::invalid_argument) << json;
    EXPECT_THAT(side.error().message, HasSubstr(message)) << json;
    EXPECT_EQ(field_of(side.error()), "right") << json;
  }
  // Another workspace's connection and backup are answered as missing.
  auto foreign_connection = resolve(R"({"connection": )" + std::to_string(prod_) + "}", other_ws);
  ASSERT_FALSE(foreign_connection.ok());
  EXPECT_THAT(foreign_connection.error().message, HasSubstr("no connection " + std::to_string(prod_)));
  auto foreign_backup = resolve(R"({"backup": )" + std::to_string(backup_) + "}", other_ws);
  ASSERT_FALSE(foreign_backup.ok());
  EXPECT_THAT(foreign_backup.error().message, HasSubstr("backup " + std::to_string(backup_) + " not found"));
  // A snapshot of another connection is not this one's.
  auto sandbox = connect_echo(ws_, "sandbox");
  auto theirs = session().snapshot_create(sandbox->getValue<std::int64_t>("id"));
  ASSERT_TRUE(theirs.ok());
  ASSERT_TRUE(session().snapshot_activate(*theirs).ok());
  auto mixed = resolve(R"({"connection": )" + std::to_string(prod_) + R"(, "snapshot": )" + std::to_string(*theirs) + "}");
  ASSERT_FALSE(mixed.ok());
  EXPECT_THAT(mixed.error().message, HasSubstr("was pruned or never existed"));
}

}  // namespace
}  // namespace hsd::engine
