// The router: literal segments and {placeholders} (percent-decoded), 405 with the methods a
// path does allow, and no match at all for anything else.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/router.hpp"

namespace hsd::engine::service {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

ApiResponse answer(int status) {
  ApiResponse response;
  response.status = status;
  return response;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.add("GET", "/healthz", [](RequestContext&) { return answer(200); }, false);
    router_.add("GET", "/api/v1/workspaces", [](RequestContext&) { return answer(200); });
    router_.add("POST", "/api/v1/workspaces", [](RequestContext&) { return answer(201); });
    router_.add("GET", "/api/v1/connections/{id}", [](RequestContext&) { return answer(200); });
    router_.add("PATCH", "/api/v1/connections/{id}", [](RequestContext&) { return answer(200); });
    router_.add("DELETE", "/api/v1/connections/{id}", [](RequestContext&) { return answer(204); });
    router_.add("GET", "/api/v1/connections/{id}/metadata/{type}/{object_id}",
                [](RequestContext&) { return answer(200); });
  }

  Router router_;
};

TEST_F(RouterTest, ALiteralPathMatchesItsMethod) {
  auto match = router_.match("POST", "/api/v1/workspaces");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->method, "POST");
  EXPECT_EQ(match.route->pattern, "/api/v1/workspaces");
  EXPECT_TRUE(match.route->authenticated);
  EXPECT_TRUE(match.params.empty());

  auto health = router_.match("GET", "/healthz");
  ASSERT_NE(health.route, nullptr);
  EXPECT_FALSE(health.route->authenticated);
}

TEST_F(RouterTest, PlaceholdersCaptureTheirSegments) {
  auto match = router_.match("GET", "/api/v1/connections/42/metadata/contact_properties/firstname");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/api/v1/connections/{id}/metadata/{type}/{object_id}");
  EXPECT_EQ(match.params.size(), 3u);
  EXPECT_EQ(match.params["id"], "42");
  EXPECT_EQ(match.params["type"], "contact_properties");
  EXPECT_EQ(match.params["object_id"], "firstname");
}

TEST_F(RouterTest, PlaceholderValuesArePercentDecoded) {
  auto match = router_.match("GET", "/api/v1/connections/7/metadata/forms/a%2Fb%20c%C3%BC");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.params["object_id"], "a/b c\xC3\xBC");
  EXPECT_EQ(match.params["id"], "7");
}

TEST_F(RouterTest, ThePathUnderAnotherMethodListsTheAllowedOnes) {
  auto match = router_.match("PUT", "/api/v1/connections/42");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_THAT(match.allowed_methods, UnorderedElementsAre("GET", "PATCH", "DELETE"));
  auto workspaces = router_.match("DELETE", "/api/v1/workspaces");
  EXPECT_EQ(workspaces.route, nullptr);
  EXPECT_THAT(workspaces.allowed_methods, UnorderedElementsAre("GET", "POST"));
  // Methods are case-sensitive, as HTTP says.
  auto lower = router_.match("get", "/healthz");
  EXPECT_EQ(lower.route, nullptr);
  EXPECT_THAT(lower.allowed_methods, ElementsAre("GET"));
}

TEST_F(RouterTest, NoMatchAtAll) {
  for (const std::string path : {"/api/v1/nothing", "/api/v1/connections", "/api/v1/connections/42/extra",
                                 "/api/v1/workspaces/", "/api/v1/connections/", "/api/v1//42", "/", "",
                                 "api/v1/workspaces", "/API/v1/workspaces", "/healthz/"}) {
    auto match = router_.match("GET", path);
    EXPECT_EQ(match.route, nullptr) << "'" << path << "'";
    EXPECT_THAT(match.allowed_methods, IsEmpty()) << "'" << path << "'";
  }
}

TEST_F(RouterTest, AnEmptyPlaceholderDoesNotMatch) {
  auto match = router_.match("GET", "/api/v1/connections/7/metadata//x");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_THAT(match.allowed_methods, IsEmpty());
}

TEST_F(RouterTest, TheFirstRouteAddedWins) {
  Router router;
  router.add("GET", "/a/{id}", [](RequestContext&) { return answer(1); });
  router.add("GET", "/a/special", [](RequestContext&) { return answer(2); });
  auto match = router.match("GET", "/a/special");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/a/{id}");
  EXPECT_EQ(match.params["id"], "special");
}

TEST(EmptyRouter, MatchesNothing) {
  Router router;
  auto match = router.match("GET", "/");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_THAT(match.allowed_methods, IsEmpty());
}

}  // namespace
}  // namespace hsd::engine::service
