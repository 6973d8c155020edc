// The credential refresh under the connection's storage lock: two engines (two
// CredentialServices, each with its own sessions and in-process mutex) refreshing the same
// expiring token at once refresh it once; a refresh waits while the lock is held elsewhere and
// then finds the token fresh; a lock that stays taken is a retryable UNAVAILABLE naming the
// connection. echo_source's refresh issues the next token generation, so the generation
// counts the refreshes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

class CredentialRefreshLockTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    // Expires within the five-minute margin: every reader wants it refreshed.
    auto connection = connect_echo(workspace("acme"), "acme", 60);
    ASSERT_FALSE(connection.isNull());
    connection_ = connection->getValue<std::int64_t>("id");
    key_ = "connection:" + std::to_string(connection_) + ":credentials";
  }

  int generation() {
    auto plain = credentials().load(session(), connection_);
    EXPECT_TRUE(plain.ok()) << plain.error().message;
    if (!plain) return -1;
    return (*parse_object(*plain, "credentials"))->optValue<int>("generation", 1);
  }

  std::int64_t connection_ = 0;
  std::string key_;
};

TEST_F(CredentialRefreshLockTest, TwoEnginesRefreshingTheSameTokenAtOnceRefreshItOnce) {
  CredentialService first_engine(engine());
  CredentialService second_engine(engine());
  constexpr int kThreadsPerEngine = 3;
  std::atomic<int> ready{0};
  std::atomic<int> refreshed{0};
  std::vector<std::string> errors(2 * kThreadsPerEngine);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2 * kThreadsPerEngine; ++i) {
    CredentialService& service = i % 2 ? second_engine : first_engine;
    threads.emplace_back([&, i] {
      auto own = engine().storage().open_session();
      if (!own) {
        errors[i] = own.error().message;
        return;
      }
      ++ready;
      while (ready.load() < 2 * kThreadsPerEngine) std::this_thread::yield();
      bool did = false;
      auto fresh = service.fresh(*own, connection_, false, &did);
      if (!fresh) errors[i] = fresh.error().message;
      if (did) ++refreshed;
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(refreshed.load(), 1);
  EXPECT_EQ(generation(), 2);
}

TEST_F(CredentialRefreshLockTest, ARefreshWaitsForTheLockHeldElsewhereAndThenFindsTheTokenFresh) {
  auto other = engine().storage().open_session();
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->lock_acquire(key_, std::chrono::seconds(1), std::chrono::seconds(60)).ok());
  CredentialService waiting_engine(engine());
  std::atomic<bool> done{false};
  bool did = false;
  std::string error;
  std::thread waiter([&] {
    auto own = engine().storage().open_session();
    if (!own) {
      error = own.error().message;
      done = true;
      return;
    }
    auto fresh = waiting_engine.fresh(*own, connection_, false, &did);
    if (!fresh) error = fresh.error().message;
    done = true;
  });
  // While the other engine holds the lock, the waiter neither refreshes nor gives up.
  EXPECT_FALSE(eventually([&] { return done.load(); }, std::chrono::milliseconds(300)));
  EXPECT_EQ(generation(), 1);
  // The other engine refreshes (as the lock's holder) and lets go.
  bool other_did = false;
  CredentialService holder_engine(engine());
  auto fresh = holder_engine.fresh(*other, connection_, false, &other_did);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_TRUE(other_did);
  ASSERT_TRUE(other->lock_release(key_).ok());
  waiter.join();
  EXPECT_EQ(error, "");
  EXPECT_FALSE(did) << "the waiter refreshed a token the lock's holder had just refreshed";
  EXPECT_EQ(generation(), 2);
}

TEST_F(CredentialRefreshLockTest, ALockThatStaysTakenIsARetryableUnavailableNamingTheConnection) {
  auto other = engine().storage().open_session();
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->lock_acquire(key_, std::chrono::seconds(1), std::chrono::seconds(60)).ok());
  CredentialService impatient(engine(), std::chrono::milliseconds(100));
  auto fresh = impatient.fresh(session(), connection_, false);
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(fresh.error().retryable);
  EXPECT_THAT(fresh.error().message, HasSubstr("connection " + std::to_string(connection_)));
  EXPECT_EQ(generation(), 1);
  // Once the lock is free, the same call refreshes.
  ASSERT_TRUE(other->lock_release(key_).ok());
  bool did = false;
  auto again = impatient.fresh(session(), connection_, false, &did);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(did);
  EXPECT_EQ(generation(), 2);
}

TEST_F(CredentialRefreshLockTest, AFreshTokenTakesNoLock) {
  // Holding the lock elsewhere does not delay a reader whose token is not due.
  auto connection = connect_echo(workspace("acme"), "calm", 3600);
  ASSERT_FALSE(connection.isNull());
  const auto id = connection->getValue<std::int64_t>("id");
  auto other = engine().storage().open_session();
  ASSERT_TRUE(other.ok());
  const std::string key = "connection:" + std::to_string(id) + ":credentials";
  ASSERT_TRUE(other->lock_acquire(key, std::chrono::seconds(1), std::chrono::seconds(60)).ok());
  CredentialService impatient(engine(), std::chrono::milliseconds(50));
  bool did = true;
  auto fresh = impatient.fresh(session(), id, false, &did);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_FALSE(did);
}

}  // namespace
}  // namespace hsd::engine
