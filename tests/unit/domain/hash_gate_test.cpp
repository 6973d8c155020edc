// The cap on concurrent password hashing: turns up to the limit, a bounded queue that waits a
// bounded time, and refusal at once beyond it.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "domain/hash_gate.hpp"

namespace hsd::engine {
namespace {

using namespace std::chrono_literals;

// Until the gate has that many callers queued (they block inside enter()).
void until_waiting(const HashGate& gate, std::size_t count) {
  const auto limit = std::chrono::steady_clock::now() + 30s;
  while (gate.waiting() != count) {
    ASSERT_LT(std::chrono::steady_clock::now(), limit) << "no caller queued";
    std::this_thread::yield();
  }
}

TEST(HashGate, GivesTurnsUpToTheLimitAndRefusesBeyondTheQueue) {
  HashGate gate(2, 0, 10ms);
  auto first = gate.enter();
  auto second = gate.enter();
  ASSERT_TRUE(first && second);
  // No queue: the third caller is refused at once.
  EXPECT_FALSE(gate.enter());
  second.reset();
  EXPECT_TRUE(gate.enter());
}

TEST(HashGate, AQueuedCallerGetsTheReleasedTurnAndAFullQueueRefusesAtOnce) {
  HashGate gate(1, 1, 60s);
  auto held = gate.enter();
  ASSERT_TRUE(held);
  auto queued = std::async(std::launch::async, [&] { return gate.enter().has_value(); });
  until_waiting(gate, 1);
  // The one place in the queue is taken: refused without waiting the 60 s.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(gate.enter());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);
  held.reset();
  EXPECT_TRUE(queued.get());
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(HashGate, AWaitThatRunsOutIsRefused) {
  HashGate gate(1, 4, 20ms);
  auto held = gate.enter();
  ASSERT_TRUE(held);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(gate.enter());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 20ms);
  EXPECT_EQ(gate.waiting(), 0u);
}

}  // namespace
}  // namespace hsd::engine
