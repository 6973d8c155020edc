// metadata_types: the count of each type in a connection's current snapshot, in type (byte)
// order, and the engine's fallback for a storage table older than ABI 1.3.
#include <cstddef>

#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;
using engine::MetadataTypeCount;
using engine::ObjectRecord;

std::vector<std::string> counts_of(const std::vector<MetadataTypeCount>& types) {
  std::vector<std::string> out;
  for (const auto& t : types) out.push_back(t.type + "=" + std::to_string(t.count));
  return out;
}

}  // namespace

class MetadataTypesTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) return;
    conn_ = connection(workspace("w"), "Prod");
  }

  std::int64_t snapshot(const std::vector<ObjectRecord>& objects, bool activate = true) {
    auto id = db().snapshot_create(conn_);
    EXPECT_TRUE(id.ok()) << id.error().message;
    if (!id.ok()) return -1;
    auto added = db().snapshot_add_objects(*id, objects);
    EXPECT_TRUE(added.ok()) << added.error().message;
    if (activate) {
      EXPECT_TRUE(db().snapshot_activate(*id).ok());
    }
    return *id;
  }

  std::vector<std::string> types(engine::Session& session, std::int64_t connection_id) {
    auto got = session.metadata_types(connection_id);
    EXPECT_TRUE(got.ok()) << got.error().message;
    return got.ok() ? counts_of(*got) : std::vector<std::string>{"<error>"};
  }

  // A client over the plugin's own table cut to the 1.2 size: the engine must count by paging.
  engine::Session legacy_session() {
    legacy_table_ = *table();
    legacy_table_.struct_size = offsetof(hsd_storage_api, metadata_types);
    legacy_table_.metadata_types = nullptr;
    legacy_.emplace(&legacy_table_, instance());
    auto session = legacy_->open_session();
    EXPECT_TRUE(session.ok()) << session.error().message;
    return std::move(*session);
  }

  std::int64_t conn_ = 0;
  hsd_storage_api legacy_table_{};
  std::optional<engine::Storage> legacy_;
};

TEST_P(MetadataTypesTest, CountsEachTypeOfTheCurrentSnapshotInByteOrder) {
  snapshot({{"workflows", "w1", "", "{}"},
            {"workflows", "w2", "", "{}"},
            {"contact_properties", "email", "", "{}"},
            {"contact_properties", "firstname", "", "{}"},
            {"contact_properties", "lastname", "", "{}"},
            {"Zebras", "z", "", "{}"},  // upper case sorts before lower case in byte order
            {"forms", "f1", "", "{}"}});
  EXPECT_EQ(types(db(), conn_), (std::vector<std::string>{"Zebras=1", "contact_properties=3",
                                                          "forms=1", "workflows=2"}));
}

TEST_P(MetadataTypesTest, OnlyTheCurrentSnapshotCounts) {
  snapshot({{"forms", "f1", "", "{}"}, {"forms", "f2", "", "{}"}});
  // A building snapshot is not seen until it is activated; then it replaces the old one.
  const auto next = snapshot({{"workflows", "w1", "", "{}"}}, false);
  EXPECT_EQ(types(db(), conn_), std::vector<std::string>{"forms=2"});
  ASSERT_TRUE(db().snapshot_activate(next).ok());
  EXPECT_EQ(types(db(), conn_), std::vector<std::string>{"workflows=1"});
  // Another connection's objects are not counted.
  const auto other = connection(workspace("w2"), "Other");
  EXPECT_TRUE(types(db(), other).empty());
}

TEST_P(MetadataTypesTest, NoSnapshotIsEmptyAndAMissingConnectionIsNotFound) {
  EXPECT_TRUE(types(db(), conn_).empty());
  auto missing = db().metadata_types(conn_ + 1000);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  // A deleted connection is missing too.
  snapshot({{"forms", "f1", "", "{}"}});
  ASSERT_TRUE(db().delete_connection(conn_).ok());
  EXPECT_EQ(db().metadata_types(conn_).error().code, ErrorCode::not_found);
}

TEST_P(MetadataTypesTest, AnOlderStorageTableIsCountedByPagingWithTheSameAnswer) {
  // More objects than one of the fallback's pages (1,000), split over types across a page edge.
  std::vector<ObjectRecord> objects;
  for (int i = 0; i < 1500; ++i) objects.push_back({"contact_properties", "p" + std::to_string(i), "", "{}"});
  for (int i = 0; i < 700; ++i) objects.push_back({"forms", "f" + std::to_string(i), "", "{}"});
  objects.push_back({"workflows", "w", "", "{}"});
  snapshot(objects);
  auto legacy = legacy_session();
  const std::vector<std::string> expected{"contact_properties=1500", "forms=700", "workflows=1"};
  EXPECT_EQ(types(db(), conn_), expected);
  EXPECT_EQ(types(legacy, conn_), expected);
  EXPECT_EQ(legacy.metadata_types(conn_ + 1000).error().code, ErrorCode::not_found);
}

INSTANTIATE_TEST_SUITE_P(Plugins, MetadataTypesTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
