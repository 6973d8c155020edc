// HttpTally: what a run's record says about its plugin's HTTP calls. Retries are recognised by
// their effect (a call repeating one that failed in a retryable way), 429s counted apart, and
// calls from several plugin threads at once are all counted.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "hsd/engine/http_tally.hpp"

namespace hsd::engine {
namespace {

TEST(HttpTally, CountsCallsRetriesAndRateLimits) {
  HttpTally tally;
  tally.record("GET", "https://api.test/a", "", 200);
  tally.record("GET", "https://api.test/b", "", 429);
  tally.record("GET", "https://api.test/b", "", 429);  // a retry, limited again
  tally.record("GET", "https://api.test/b", "", 200);  // a retry that worked
  tally.record("GET", "https://api.test/b", "", 200);  // asked again after success: not a retry
  tally.record("GET", "https://api.test/c", "", 503);
  tally.record("GET", "https://api.test/c", "", 0);    // a retry with no answer
  tally.record("GET", "https://api.test/c", "", 200);  // and another
  tally.record("GET", "https://api.test/d", "", 404);
  tally.record("GET", "https://api.test/d", "", 404);  // a 404 is not worth retrying: a new call
  const auto figures = tally.figures();
  EXPECT_EQ(figures.requests, 10u);
  EXPECT_EQ(figures.rate_limited, 2u);
  EXPECT_EQ(figures.retries, 4u);
}

TEST(HttpTally, TheSameUrlWithAnotherBodyOrMethodIsAnotherCall) {
  HttpTally tally;
  tally.record("POST", "https://api.test/batch/read", R"({"ids":[1,2]})", 429);
  tally.record("POST", "https://api.test/batch/read", R"({"ids":[3,4]})", 200);
  tally.record("GET", "https://api.test/batch/read", R"({"ids":[1,2]})", 200);
  EXPECT_EQ(tally.figures().retries, 0u);
  tally.record("POST", "https://api.test/batch/read", R"({"ids":[1,2]})", 200);
  EXPECT_EQ(tally.figures().retries, 1u);
  EXPECT_EQ(tally.figures().requests, 4u);
}

TEST(HttpTally, CallsFromSeveralThreadsAreAllCounted) {
  HttpTally tally;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&tally, t] {
      for (int i = 0; i < 500; ++i) {
        const std::string url = "https://api.test/" + std::to_string(t) + "/" + std::to_string(i);
        tally.record("GET", url, "", 429);
        tally.record("GET", url, "", 200);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto figures = tally.figures();
  EXPECT_EQ(figures.requests, 4000u);
  EXPECT_EQ(figures.rate_limited, 2000u);
  EXPECT_EQ(figures.retries, 2000u);
}

}  // namespace
}  // namespace hsd::engine
