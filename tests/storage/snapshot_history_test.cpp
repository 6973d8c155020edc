// Snapshot history (ABI 1.3): activate keeping the last N snapshots, pruning oldest first but
// never a pinned one, reading a kept snapshot, blobs shared and collected, and the engine's
// clear error for a storage table older than these operations.
#include <cstddef>

#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;
using engine::ObjectRecord;

constexpr std::int64_t kFarFuture = 32503680000000;  // year 3000, in ms

std::vector<std::string> ids_of(const engine::MetadataPage& page) {
  std::vector<std::string> out;
  for (const auto& r : page.rows) out.push_back(r.type + "/" + r.id);
  return out;
}

}  // namespace

class SnapshotHistoryTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) return;
    conn_ = connection(workspace("w"), "Prod");
  }

  // A snapshot with one form whose data names its generation, activated keeping `keep`.
  std::int64_t generation(int n, std::int64_t keep) {
    auto id = db().snapshot_create(conn_);
    EXPECT_TRUE(id.ok()) << id.error().message;
    if (!id.ok()) return -1;
    const std::string tag = std::to_string(n);
    EXPECT_TRUE(db().snapshot_add_objects(*id, {{"forms", "f" + tag, "Form " + tag, "{\"v\":" + tag + "}"},
                                                {"properties", "shared", "Shared", "{\"same\":true}"}})
                    .ok());
    auto activated = db().snapshot_activate_keeping(*id, keep);
    EXPECT_TRUE(activated.ok()) << activated.error().message;
    return *id;
  }

  std::string state(std::int64_t snapshot_id) {
    auto row = db().get("snapshots", snapshot_id);
    if (!row.ok()) return row.error().code == ErrorCode::not_found ? "<gone>" : row.error().message;
    return (*row)->getValue<std::string>("state");
  }

  std::vector<std::string> objects(std::int64_t snapshot_id, engine::MetadataQuery query = {}) {
    auto page = db().snapshot_objects(snapshot_id, query);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? ids_of(*page) : std::vector<std::string>{"<error>"};
  }

  std::int64_t conn_ = 0;
};

TEST_P(SnapshotHistoryTest, ThePreviousCurrentIsKeptWithItsObjects) {
  const auto first = generation(1, 10);
  const auto second = generation(2, 10);
  EXPECT_EQ(state(first), "previous");
  EXPECT_EQ(state(second), "current");
  EXPECT_EQ(objects(first), (std::vector<std::string>{"forms/f1", "properties/shared"}));
  EXPECT_EQ(objects(second), (std::vector<std::string>{"forms/f2", "properties/shared"}));
  // Readers of the connection see only the current snapshot.
  auto current = db().metadata_list(conn_, {});
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(ids_of(*current), (std::vector<std::string>{"forms/f2", "properties/shared"}));
  auto conn = db().get("connections", conn_);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ((*conn)->getValue<std::int64_t>("current_snapshot_id"), second);
  // The kept snapshot's row keeps its count and completion time.
  auto row = db().get("snapshots", first);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ((*row)->getValue<std::int64_t>("object_count"), 2);
  EXPECT_FALSE((*row)->isNull("completed_at"));
}

TEST_P(SnapshotHistoryTest, KeptSnapshotsBeyondTheNewestKeepArePrunedOldestFirst) {
  std::vector<std::int64_t> ids;
  for (int n = 1; n <= 5; ++n) ids.push_back(generation(n, 2));
  EXPECT_EQ(state(ids[0]), "<gone>");
  EXPECT_EQ(state(ids[1]), "<gone>");
  EXPECT_EQ(state(ids[2]), "previous");
  EXPECT_EQ(state(ids[3]), "previous");
  EXPECT_EQ(state(ids[4]), "current");
  // The shared object's bytes are stored once; the pruned generations' own bytes are gone.
  // Blobs: shared + f3, f4, f5.
  EXPECT_EQ(GetParam().stored_blob_count(config_), 4);
  auto pruned = db().snapshot_objects(ids[0], {});
  ASSERT_FALSE(pruned.ok());
  EXPECT_EQ(pruned.error().code, ErrorCode::not_found);
  EXPECT_NE(pruned.error().message.find("snapshot " + std::to_string(ids[0])), std::string::npos)
      << pruned.error().message;
}

TEST_P(SnapshotHistoryTest, KeepZeroBehavesLikeActivate) {
  const auto first = generation(1, 0);
  const auto second = generation(2, 0);
  EXPECT_EQ(state(first), "<gone>");
  EXPECT_EQ(state(second), "current");
  EXPECT_EQ(GetParam().stored_blob_count(config_), 2);  // shared + f2
}

TEST_P(SnapshotHistoryTest, APinnedSnapshotIsNeverPrunedWhileThePinIsLive) {
  const auto first = generation(1, 1);
  const auto second = generation(2, 1);
  ASSERT_EQ(state(first), "previous");
  ASSERT_TRUE(db().snapshot_pin(first, "comparison 7", kFarFuture).ok());
  const auto third = generation(3, 1);
  const auto fourth = generation(4, 1);
  EXPECT_EQ(state(first), "previous");  // pinned, though beyond the newest one
  EXPECT_EQ(state(second), "<gone>");
  EXPECT_EQ(state(third), "previous");
  EXPECT_EQ(state(fourth), "current");
  EXPECT_EQ(objects(first), (std::vector<std::string>{"forms/f1", "properties/shared"}));

  // Unpinned, it goes with the next activation.
  ASSERT_TRUE(db().snapshot_unpin(first, "comparison 7").ok());
  generation(5, 1);
  EXPECT_EQ(state(first), "<gone>");
}

TEST_P(SnapshotHistoryTest, AnExpiredPinNoLongerProtects) {
  const auto first = generation(1, 1);
  generation(2, 1);
  ASSERT_EQ(state(first), "previous");
  // A crashed reader's pin: its time has passed.
  ASSERT_TRUE(db().snapshot_pin(first, "crashed reader", 1).ok());
  generation(3, 1);
  EXPECT_EQ(state(first), "<gone>");
}

TEST_P(SnapshotHistoryTest, PinningAMissingSnapshotIsNotFound) {
  auto pin = db().snapshot_pin(987654, "holder", kFarFuture);
  ASSERT_FALSE(pin.ok());
  EXPECT_EQ(pin.error().code, ErrorCode::not_found);
  auto unpin = db().snapshot_unpin(987654, "holder");
  ASSERT_FALSE(unpin.ok());
  EXPECT_EQ(unpin.error().code, ErrorCode::not_found);
}

TEST_P(SnapshotHistoryTest, SnapshotObjectsPagesAndFiltersLikeMetadataList) {
  auto id = db().snapshot_create(conn_);
  ASSERT_TRUE(id.ok());
  std::vector<ObjectRecord> many;
  for (int i = 0; i < 7; ++i) many.push_back({"forms", "id" + std::to_string(i), "Lead form " + std::to_string(i), "{}"});
  many.push_back({"workflows", "w1", "Nurture", R"({"w":1})"});
  ASSERT_TRUE(db().snapshot_add_objects(*id, many).ok());
  ASSERT_TRUE(db().snapshot_activate_keeping(*id, 3).ok());
  generation(2, 3);  // *id is now kept

  engine::MetadataQuery query;
  query.limit = 3;
  std::vector<std::string> all;
  for (;;) {
    auto page = db().snapshot_objects(*id, query);
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (const auto& r : page->rows) {
      all.push_back(r.type + "/" + r.id);
      EXPECT_EQ(r.snapshot, *id);
    }
    if (page->next_cursor.empty()) break;
    query.cursor = page->next_cursor;
  }
  EXPECT_EQ(all.size(), 8u);
  EXPECT_EQ(all.back(), "workflows/w1");

  engine::MetadataQuery typed;
  typed.type = "workflows";
  typed.with_data = true;
  auto page = db().snapshot_objects(*id, typed);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->rows.size(), 1u);
  EXPECT_EQ(page->rows.front().data, R"({"w":1})");

  // q works on a kept snapshot (not in the search index) as on the current one.
  engine::MetadataQuery search;
  search.q = "nurt";
  EXPECT_EQ(objects(*id, search), std::vector<std::string>{"workflows/w1"});
}

TEST_P(SnapshotHistoryTest, ABuildingSnapshotIsNotReadableAndCannotBeReactivated) {
  auto building = db().snapshot_create(conn_);
  ASSERT_TRUE(building.ok());
  auto read = db().snapshot_objects(*building, {});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::conflict);

  const auto first = generation(1, 5);
  generation(2, 5);
  auto again = db().snapshot_activate_keeping(first, 5);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  auto negative = db().snapshot_activate_keeping(*building, -1);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::invalid_argument);
}

TEST_P(SnapshotHistoryTest, DeletingTheConnectionRemovesKeptAndPinnedSnapshots) {
  const auto first = generation(1, 5);
  generation(2, 5);
  ASSERT_TRUE(db().snapshot_pin(first, "comparison", kFarFuture).ok());
  ASSERT_TRUE(db().delete_connection(conn_).ok());
  EXPECT_EQ(state(first), "<gone>");
  EXPECT_EQ(GetParam().stored_blob_count(config_), 0);
}

TEST_P(SnapshotHistoryTest, AnOlderStorageTableAnswersUnsupportedNamingTheOperation) {
  hsd_storage_api legacy = *table();
  legacy.struct_size = offsetof(hsd_storage_api, snapshot_activate_keeping);
  engine::Storage old(&legacy, instance());
  auto session = old.open_session();
  ASSERT_TRUE(session.ok()) << session.error().message;
  const auto checks = {
      std::pair{session->snapshot_activate_keeping(1, 10).error(), "snapshot_activate_keeping"},
      std::pair{session->snapshot_pin(1, "h", 1).error(), "snapshot_pin"},
      std::pair{session->snapshot_unpin(1, "h").error(), "snapshot_unpin"},
      std::pair{session->snapshot_objects(1, {}).error(), "snapshot_objects"},
  };
  for (const auto& [error, op] : checks) {
    EXPECT_EQ(error.code, ErrorCode::unsupported) << op;
    EXPECT_NE(error.message.find(op), std::string::npos) << error.message;
  }
}

INSTANTIATE_TEST_SUITE_P(Plugins, SnapshotHistoryTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
