// The service's main path end to end: an owner connects an account over the API, the queued
// retrieval runs on a worker, its metadata is readable, and SIGTERM stops the service cleanly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service_harness.hpp"

namespace hsd::testing {
namespace {

TEST(ServiceSmoke, ConnectRetrieveReadAndStop) {
  ServiceUnderTest service("smoke");
  auto owner = service.bootstrap("acme", "owner@acme.test");
  service.start();
  const std::string ws = "/api/v1/workspaces/" + std::to_string(owner.workspace_id);

  auto created = service.api().post(ws + "/connections", owner.token, R"({"plugin":"echo_source","token":"echo-acct1"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json()->getValue<std::int64_t>("id");
  // A worker may already have taken the queued retrieval.
  EXPECT_THAT(created.json()->getValue<std::string>("status"), ::testing::AnyOf("pending", "in_progress", "completed"));

  ASSERT_NE(service.wait_for_log("\"job succeeded\""), "");
  auto shown = service.api().get("/api/v1/connections/" + std::to_string(id), owner.token);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.json()->getValue<std::string>("status"), "completed");

  auto page = service.api().get("/api/v1/connections/" + std::to_string(id) + "/metadata?type=widgets&limit=3",
                                owner.token);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()->getArray("items")->size(), 3u);
  EXPECT_FALSE(page.json()->isNull("next_cursor"));

  auto stopped = service.terminate();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_NE(stopped.err.find("\"stopped\""), std::string::npos);
}

}  // namespace
}  // namespace hsd::testing
