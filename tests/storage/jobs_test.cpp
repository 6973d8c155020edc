// Job leases with explicit clocks: claim order, due times, expiry, heartbeat, finish, and
// lost leases. No test sleeps; time is whatever now_ms says.
#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;

constexpr std::int64_t kT0 = 1'000'000;
constexpr std::int64_t kLease = 30'000;

}  // namespace

class JobsTest : public StorageTest {
 protected:
  std::int64_t job(const std::string& pipeline, std::int64_t run_after = 0) {
    return insert_id("jobs", R"({"pipeline":")" + pipeline + R"(","run_after":)" +
                                 std::to_string(run_after) + "}");
  }
  Poco::JSON::Object::Ptr claim(const std::string& worker, std::int64_t now) {
    auto row = db().job_claim(worker, now, kLease);
    EXPECT_TRUE(row.ok()) << row.error().message;
    return row.ok() ? *row : Poco::JSON::Object::Ptr();
  }
  static std::int64_t id_of(const Poco::JSON::Object::Ptr& row) {
    return row ? row->getValue<std::int64_t>("id") : -1;
  }
};

TEST_P(JobsTest, ClaimTakesTheOldestDueJobAndSetsTheLease) {
  const auto later = job("later", kT0 + 5'000);
  const auto first = job("first");
  const auto second = job("second", kT0);
  auto row = claim("w1", kT0);
  ASSERT_TRUE(row);
  EXPECT_EQ(id_of(row), first);
  EXPECT_EQ(row->getValue<std::string>("state"), "running");
  EXPECT_EQ(row->getValue<std::string>("lease_owner"), "w1");
  EXPECT_EQ(row->getValue<std::int64_t>("lease_expires_at"), kT0 + kLease);
  EXPECT_EQ(row->getValue<std::int64_t>("started_at"), kT0);
  EXPECT_EQ(row->getValue<std::int64_t>("attempts"), 1);
  EXPECT_EQ(id_of(claim("w2", kT0)), second);
  // "later" is not due yet: nothing to claim.
  EXPECT_FALSE(claim("w3", kT0));
  EXPECT_EQ(id_of(claim("w3", kT0 + 5'000)), later);
  EXPECT_FALSE(claim("w3", kT0 + 5'000));
}

TEST_P(JobsTest, AnExpiredLeaseCanBeClaimedByAnotherWorker) {
  const auto id = job("retrieve");
  ASSERT_EQ(id_of(claim("w1", kT0)), id);
  // Still leased at the last millisecond of the lease.
  EXPECT_FALSE(claim("w2", kT0 + kLease));
  auto stolen = claim("w2", kT0 + kLease + 1);
  ASSERT_TRUE(stolen);
  EXPECT_EQ(id_of(stolen), id);
  EXPECT_EQ(stolen->getValue<std::string>("lease_owner"), "w2");
  EXPECT_EQ(stolen->getValue<std::int64_t>("attempts"), 2);
  EXPECT_EQ(stolen->getValue<std::int64_t>("started_at"), kT0);  // the first start stays
  // The first worker has lost it.
  auto beat = db().job_heartbeat(id, "w1", kT0 + kLease + 2, kLease);
  ASSERT_FALSE(beat.ok());
  EXPECT_EQ(beat.error().code, ErrorCode::conflict);
  auto finish = db().job_finish(id, "w1", "succeeded");
  ASSERT_FALSE(finish.ok());
  EXPECT_EQ(finish.error().code, ErrorCode::conflict);
  EXPECT_EQ((*db().get("jobs", id))->getValue<std::string>("state"), "running");
}

TEST_P(JobsTest, HeartbeatExtendsTheLease) {
  const auto id = job("retrieve");
  ASSERT_EQ(id_of(claim("w1", kT0)), id);
  ASSERT_TRUE(db().job_heartbeat(id, "w1", kT0 + 20'000, kLease).ok());
  EXPECT_EQ((*db().get("jobs", id))->getValue<std::int64_t>("lease_expires_at"), kT0 + 20'000 + kLease);
  // Past the original lease but inside the extended one: not claimable.
  EXPECT_FALSE(claim("w2", kT0 + kLease + 1));
  EXPECT_EQ(id_of(claim("w2", kT0 + 20'000 + kLease + 1)), id);
  EXPECT_EQ(db().job_heartbeat(id + 100, "w1", kT0, kLease).error().code, ErrorCode::not_found);
}

TEST_P(JobsTest, FinishStoresTheOutcome) {
  const auto id = job("retrieve");
  ASSERT_EQ(id_of(claim("w1", kT0)), id);
  ASSERT_TRUE(db().job_finish(id, "w1", "succeeded", *obj(R"({"objects":12})")).ok());
  auto row = db().get("jobs", id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ((*row)->getValue<std::string>("state"), "succeeded");
  EXPECT_EQ(json_text((*row)->get("result")), R"({"objects":12})");
  EXPECT_FALSE((*row)->isNull("finished_at"));
  EXPECT_TRUE((*row)->isNull("lease_expires_at"));
  // Finished jobs are never claimed again, and cannot be finished twice.
  EXPECT_FALSE(claim("w2", kT0 + 10 * kLease));
  EXPECT_EQ(db().job_finish(id, "w1", "failed").error().code, ErrorCode::conflict);
}

TEST_P(JobsTest, FinishFailedRecordsTheError) {
  const auto id = job("retrieve");
  ASSERT_EQ(id_of(claim("w1", kT0)), id);
  ASSERT_TRUE(db().job_finish(id, "w1", "failed", *obj(R"({"error":"HubSpot said 403"})")).ok());
  auto row = db().get("jobs", id);
  EXPECT_EQ((*row)->getValue<std::string>("state"), "failed");
  EXPECT_EQ((*row)->getValue<std::string>("error"), "HubSpot said 403");
}

TEST_P(JobsTest, FinishQueuedIsARetryAfterRunAfter) {
  const auto id = job("retrieve");
  ASSERT_EQ(id_of(claim("w1", kT0)), id);
  ASSERT_TRUE(db().job_finish(id, "w1", "queued",
                              *obj(R"({"run_after":)" + std::to_string(kT0 + 60'000) +
                                   R"(,"error":"rate limited"})")).ok());
  auto row = db().get("jobs", id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ((*row)->getValue<std::string>("state"), "queued");
  EXPECT_EQ((*row)->getValue<std::int64_t>("run_after"), kT0 + 60'000);
  EXPECT_TRUE((*row)->isNull("lease_owner"));
  EXPECT_TRUE((*row)->isNull("lease_expires_at"));
  EXPECT_EQ((*row)->getValue<std::string>("error"), "rate limited");
  EXPECT_FALSE(claim("w2", kT0 + 59'999));
  auto again = claim("w2", kT0 + 60'000);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->getValue<std::int64_t>("attempts"), 2);
}

TEST_P(JobsTest, BadArgumentsAreRefused) {
  const auto id = job("retrieve");
  ASSERT_EQ(id_of(claim("w1", kT0)), id);
  auto state = db().job_finish(id, "w1", "exploded");
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(state.error().message.find("exploded"), std::string::npos);
  EXPECT_EQ(db().job_claim("", kT0, kLease).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(db().job_claim("w", kT0, 0).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(db().job_finish(id + 100, "w1", "failed").error().code, ErrorCode::not_found);
}

INSTANTIATE_TEST_SUITE_P(Plugins, JobsTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
