// Metadata snapshots: atomic switch, discard, byte-exact data, dedupe by hash, and listing.
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;
using engine::ObjectRecord;

std::string sha256(const std::string& data) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(data);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

// Bytes a JSON parser would not reproduce: spacing, key order, escapes, unicode, newlines.
const std::string kTricky =
    "{ \"name\" : \"Zoë 👍 \\u00e9\",\n\t\"z\":1,  \"a\" : [1.50, 2e3, null],\r\n"
    "  \"nested\": {\"emoji\": \"🚀\", \"quote\": \"\\\"\"}  }";

std::vector<std::string> ids_of(const engine::MetadataPage& page) {
  std::vector<std::string> out;
  for (const auto& r : page.rows) out.push_back(r.type + "/" + r.id);
  return out;
}

}  // namespace

class SnapshotTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) return;
    conn_ = connection(workspace("w"), "Prod");
  }

  std::int64_t snapshot(const std::vector<ObjectRecord>& objects) {
    auto id = db().snapshot_create(conn_);
    EXPECT_TRUE(id.ok()) << id.error().message;
    if (!id.ok()) return -1;
    auto added = db().snapshot_add_objects(*id, objects);
    EXPECT_TRUE(added.ok()) << added.error().message;
    return *id;
  }

  engine::MetadataPage list(engine::MetadataQuery query = {}) {
    auto page = db().metadata_list(conn_, query);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? *page : engine::MetadataPage{};
  }

  std::int64_t conn_ = 0;
};

TEST_P(SnapshotTest, PreviousSnapshotStaysReadableUntilActivate) {
  const auto first = snapshot({{"forms", "f1", "Form one", R"({"v":1})"}});
  ASSERT_TRUE(db().snapshot_activate(first).ok());
  ASSERT_EQ(ids_of(list()), std::vector<std::string>{"forms/f1"});

  const auto second = snapshot({{"forms", "f2", "Form two", R"({"v":2})"}});
  // Building: readers still see the first snapshot only.
  EXPECT_EQ(ids_of(list()), std::vector<std::string>{"forms/f1"});
  auto other = storage().open_session();
  ASSERT_TRUE(other.ok());
  auto page = other->metadata_list(conn_, {});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids_of(*page), std::vector<std::string>{"forms/f1"});
  EXPECT_EQ(page->rows.front().snapshot, first);

  ASSERT_TRUE(db().snapshot_activate(second).ok());
  const auto now = list();
  EXPECT_EQ(ids_of(now), std::vector<std::string>{"forms/f2"});
  EXPECT_EQ(now.rows.front().snapshot, second);
  // The previous snapshot is gone with its objects; the connection points at the new one.
  EXPECT_EQ(db().get("snapshots", first).error().code, ErrorCode::not_found);
  auto snap = db().get("snapshots", second);
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ((*snap)->getValue<std::string>("state"), "current");
  EXPECT_EQ((*snap)->getValue<std::int64_t>("object_count"), 1);
  EXPECT_FALSE((*snap)->isNull("completed_at"));
  auto conn = db().get("connections", conn_);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ((*conn)->getValue<std::int64_t>("current_snapshot_id"), second);
}

TEST_P(SnapshotTest, DiscardedSnapshotLeavesCurrentIntact) {
  const auto first = snapshot({{"forms", "f1", "", R"({"v":1})"}, {"workflows", "w1", "", "{}"}});
  ASSERT_TRUE(db().snapshot_activate(first).ok());
  const auto failed = snapshot({{"forms", "f9", "", R"({"v":9})"}});
  ASSERT_TRUE(db().snapshot_discard(failed).ok());
  EXPECT_EQ(ids_of(list()), (std::vector<std::string>{"forms/f1", "workflows/w1"}));
  EXPECT_EQ(db().get("snapshots", failed).error().code, ErrorCode::not_found);
  EXPECT_EQ(db().snapshot_activate(failed).error().code, ErrorCode::not_found);
  // The current snapshot cannot be discarded, nor receive objects.
  EXPECT_EQ(db().snapshot_discard(first).error().code, ErrorCode::conflict);
  EXPECT_EQ(db().snapshot_add_objects(first, {{"forms", "x", "", "{}"}}).error().code,
            ErrorCode::conflict);
  EXPECT_EQ(ids_of(list()), (std::vector<std::string>{"forms/f1", "workflows/w1"}));
}

TEST_P(SnapshotTest, AFailedBatchAddsNothing) {
  auto id = db().snapshot_create(conn_);
  ASSERT_TRUE(id.ok());
  auto bad = db().snapshot_add_objects(*id, {{"forms", "ok1", "", "{}"}, {"forms", "", "", "{}"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  ASSERT_TRUE(db().snapshot_add_objects(*id, {{"forms", "ok2", "", "{}"}}).ok());
  ASSERT_TRUE(db().snapshot_activate(*id).ok());
  EXPECT_EQ(ids_of(list()), std::vector<std::string>{"forms/ok2"});
}

TEST_P(SnapshotTest, DataIsReturnedByteExact) {
  const std::string binaryish = std::string("{\"nul\":\"a\\u0000b\",\"ctl\":\"\x01\x1f\"}");
  const auto id = snapshot({{"forms", "tricky", "Zoë 👍\nline", kTricky},
                            {"forms", "ctl", "", binaryish},
                            {"forms", "empty", "", "{}"}});
  ASSERT_TRUE(db().snapshot_activate(id).ok());
  auto got = db().metadata_get(conn_, "forms", "tricky");
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->data.has_value());
  EXPECT_EQ(*got->data, kTricky);
  EXPECT_EQ(got->name, "Zoë 👍\nline");
  EXPECT_EQ(got->hash, sha256(kTricky));
  auto ctl = db().metadata_get(conn_, "forms", "ctl");
  ASSERT_TRUE(ctl.ok());
  EXPECT_EQ(*ctl->data, binaryish);
  engine::MetadataQuery with_data;
  with_data.with_data = true;
  for (const auto& row : list(with_data).rows) {
    ASSERT_TRUE(row.data.has_value()) << row.id;
    EXPECT_EQ(sha256(*row.data), row.hash) << row.id;
  }
  for (const auto& row : list().rows) EXPECT_FALSE(row.data.has_value()) << row.id;
}

TEST_P(SnapshotTest, SameBytesAreStoredOnceAndOrphansAreRemoved) {
  const std::string shared = R"({"same":true})";
  const auto first = snapshot({{"forms", "a", "", shared}, {"forms", "b", "", shared},
                               {"forms", "c", "", R"({"only":"first"})"}});
  ASSERT_TRUE(db().snapshot_activate(first).ok());
  EXPECT_EQ(GetParam().stored_blob_count(config_), 2);
  const auto page = list();
  ASSERT_EQ(page.rows.size(), 3u);
  EXPECT_EQ(page.rows[0].hash, page.rows[1].hash);
  EXPECT_EQ(page.rows[0].hash, sha256(shared));

  // The next snapshot reuses the shared bytes; the first-only bytes go with the old snapshot.
  const auto second = snapshot({{"forms", "a", "", shared}, {"forms", "d", "", R"({"new":1})"}});
  EXPECT_EQ(GetParam().stored_blob_count(config_), 3);
  ASSERT_TRUE(db().snapshot_activate(second).ok());
  EXPECT_EQ(GetParam().stored_blob_count(config_), 2);
  auto a = db().metadata_get(conn_, "forms", "a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a->data, shared);

  const auto doomed = snapshot({{"forms", "z", "", R"({"doomed":1})"}});
  EXPECT_EQ(GetParam().stored_blob_count(config_), 3);
  ASSERT_TRUE(db().snapshot_discard(doomed).ok());
  EXPECT_EQ(GetParam().stored_blob_count(config_), 2);
}

TEST_P(SnapshotTest, MetadataListPagesWithCursorInTypeAndIdOrder) {
  std::vector<ObjectRecord> objects;
  for (const char* type : {"workflows", "contact_properties", "forms"}) {
    for (int i = 0; i < 5; ++i) {
      objects.push_back({type, "id" + std::to_string(i), "", "{}"});
    }
  }
  const auto id = snapshot(objects);
  ASSERT_TRUE(db().snapshot_activate(id).ok());

  std::vector<std::string> all;
  engine::MetadataQuery query;
  query.limit = 4;
  int pages = 0;
  while (true) {
    const auto page = list(query);
    ++pages;
    ASSERT_LE(page.rows.size(), 4u);
    for (const auto& r : page.rows) all.push_back(r.type + "/" + r.id);
    if (page.next_cursor.empty()) break;
    query.cursor = page.next_cursor;
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 4);
  std::vector<std::string> expected;
  for (const char* type : {"contact_properties", "forms", "workflows"}) {
    for (int i = 0; i < 5; ++i) expected.push_back(std::string(type) + "/id" + std::to_string(i));
  }
  EXPECT_EQ(all, expected);

  engine::MetadataQuery exact;
  exact.limit = 15;
  EXPECT_TRUE(list(exact).next_cursor.empty());

  engine::MetadataQuery bad;
  bad.cursor = "not-a-cursor";
  EXPECT_EQ(db().metadata_list(conn_, bad).error().code, ErrorCode::invalid_argument);
}

TEST_P(SnapshotTest, MetadataListFiltersByTypeAndQuery) {
  const auto id = snapshot({{"forms", "contact-us", "Contact Us", "{}"},
                            {"forms", "newsletter", "Newsletter SIGNUP", "{}"},
                            {"contact_properties", "email", "Email", "{}"},
                            {"contact_properties", "firstname", "First name", "{}"}});
  ASSERT_TRUE(db().snapshot_activate(id).ok());
  engine::MetadataQuery forms;
  forms.type = "forms";
  EXPECT_EQ(ids_of(list(forms)), (std::vector<std::string>{"forms/contact-us", "forms/newsletter"}));
  engine::MetadataQuery by_name;
  by_name.q = "signUP";
  EXPECT_EQ(ids_of(list(by_name)), std::vector<std::string>{"forms/newsletter"});
  engine::MetadataQuery by_id;
  by_id.q = "CONTACT";
  EXPECT_EQ(ids_of(list(by_id)), std::vector<std::string>{"forms/contact-us"});
  engine::MetadataQuery both;
  both.type = "contact_properties";
  both.q = "name";
  EXPECT_EQ(ids_of(list(both)), std::vector<std::string>{"contact_properties/firstname"});
  engine::MetadataQuery wildcard;
  wildcard.q = "%";
  EXPECT_TRUE(list(wildcard).rows.empty());
}

TEST_P(SnapshotTest, MetadataOfAConnectionWithoutSnapshotIsEmptyAndMissingIsNotFound) {
  EXPECT_TRUE(list().rows.empty());
  auto got = db().metadata_get(conn_, "forms", "nope");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::not_found);
  EXPECT_NE(got.error().message.find("nope"), std::string::npos) << got.error().message;
  EXPECT_EQ(db().metadata_list(conn_ + 1000, {}).error().code, ErrorCode::not_found);
  EXPECT_EQ(db().snapshot_create(conn_ + 1000).error().code, ErrorCode::not_found);
  // Connections do not see each other's objects.
  const auto id = snapshot({{"forms", "mine", "", "{}"}});
  ASSERT_TRUE(db().snapshot_activate(id).ok());
  const auto other = connection(workspace("w2"), "Other");
  auto theirs = db().metadata_list(other, {});
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->rows.empty());
}

INSTANTIATE_TEST_SUITE_P(Plugins, SnapshotTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
