// ApiClient against FakeHost: the headers of every request, link paging, the ETag cache,
// rate-limit waits and refusals, the forced refresh after a 401, transport failures.
#include "account.hpp"
#include "api_client.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::github {
namespace {

using ::testing::HasSubstr;
using support::testing::FakeClock;
using testing::FakeHost;
using testing::kApi;

class ApiClientTest : public ::testing::Test {
 protected:
  ApiClient client(TokenSource tokens) { return ApiClient(context_, config_, clock_, stop_, &cache_, std::move(tokens)); }
  ApiClient connection_client() { return client(TokenSource::connection(context_)); }
  int64_t now_s() const { return clock_.now_ms() / 1000; }

  FakeHost host_;
  hsd::sdk::Context context_ = host_.context();
  Config config_ = testing::test_config();
  FakeClock clock_;
  support::CancelSignal stop_{[this] { return host_.cancelled.load(); }};
  EtagCache cache_;
};

TEST_F(ApiClientTest, EveryRequestCarriesTheGitHubHeaders) {
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body()));
  auto api = connection_client();
  ASSERT_TRUE(fetch_account(api).ok());
  ASSERT_EQ(host_.requests.size(), 1u);
  const auto& request = host_.requests[0];
  EXPECT_EQ(request.url, std::string(kApi) + "/user");
  EXPECT_EQ(request.header("User-Agent"), "hsdeploy-test/1");
  EXPECT_EQ(request.header("Accept"), "application/vnd.github+json");
  EXPECT_EQ(request.header("X-GitHub-Api-Version"), "2022-11-28");
  EXPECT_EQ(request.header("Authorization"), "Bearer gho_token1");
}

TEST_F(ApiClientTest, PagingFollowsNextLinksExactlyAsGiven) {
  // The second page uses another path form, and a cursor instead of a page number.
  host_.on("GET", "/user/repos?per_page=100&sort=full_name$",
           FakeHost::json(200, R"([{"id":1},{"id":2}])",
                          {{"Link", R"(<http://api.test/user/583231/repos?per_page=100&sort=full_name&after=Y3Vy>; rel="next", <http://api.test/user/repos?page=9>; rel="last")"}}));
  host_.on("GET", "/user/583231/repos?per_page=100&sort=full_name&after=Y3Vy$",
           FakeHost::json(200, R"([{"id":3}])", {{"link", R"(<http://api.test/user/repos?page=1>; rel="first")"}}));
  auto api = connection_client();
  auto listing = api.list_all(std::string(kApi) + "/user/repos?per_page=100&sort=full_name");
  ASSERT_TRUE(listing.ok()) << listing.failure().message;
  EXPECT_EQ(listing->items.size(), 3u);
  EXPECT_FALSE(listing->refused);
  ASSERT_EQ(host_.requests.size(), 2u);
  EXPECT_EQ(host_.requests[1].url, "http://api.test/user/583231/repos?per_page=100&sort=full_name&after=Y3Vy");
  EXPECT_TRUE(host_.unexpected.empty());
}

TEST_F(ApiClientTest, PagingNeverSendsTheTokenToAnotherHost) {
  host_.on("GET", "/user/repos", FakeHost::json(200, "[]", {{"Link", R"(<http://evil.test/page2>; rel="next")"}}));
  auto api = connection_client();
  auto listing = api.list_all(std::string(kApi) + "/user/repos");
  ASSERT_FALSE(listing.ok());
  EXPECT_THAT(listing.failure().message, HasSubstr("another host"));
  EXPECT_EQ(host_.requests.size(), 1u);
}

TEST_F(ApiClientTest, PagingStopsAtARefusedPage) {
  host_.on("GET", "/user/orgs", FakeHost::json(403, R"({"message":"Must have admin rights"})"));
  auto api = connection_client();
  auto listing = api.list_all(std::string(kApi) + "/user/orgs?per_page=100");
  ASSERT_TRUE(listing.ok());
  ASSERT_TRUE(listing->refused);
  EXPECT_EQ(listing->refused->status, 403u);
  EXPECT_EQ(listing->refused_endpoint, "GET /user/orgs");
}

TEST_F(ApiClientTest, EtagRevalidationTreats304AsTheCached200) {
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body(), {{"ETag", "W/\"abc\""}, {"X-OAuth-Scopes", "repo"}}));
  host_.on("GET", "/user", FakeHost::json(304, "", {{"ETag", "W/\"abc\""}}));
  auto api = connection_client();
  auto first = api.get(std::string(kApi) + "/user");
  auto second = api.get(std::string(kApi) + "/user");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(host_.requests[0].header("If-None-Match"), "");
  EXPECT_EQ(host_.requests[1].header("If-None-Match"), "W/\"abc\"");
  EXPECT_EQ(second->status, 200u);
  EXPECT_EQ(second->body, first->body);
  EXPECT_EQ(second->header("X-OAuth-Scopes"), "repo");
}

TEST_F(ApiClientTest, EtagsAreKeptPerToken) {
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body(), {{"ETag", "\"e1\""}}));
  auto first = client(TokenSource::fixed("ghp_aaaaaaaaaaaaaaaaaaaa"));
  ASSERT_TRUE(first.get(std::string(kApi) + "/user").ok());
  auto other = client(TokenSource::fixed("ghp_bbbbbbbbbbbbbbbbbbbb"));
  ASSERT_TRUE(other.get(std::string(kApi) + "/user").ok());
  EXPECT_EQ(host_.requests[1].header("If-None-Match"), "");
  EXPECT_EQ(cache_.size(), 2u);
}

TEST(EtagCacheBounds, TheLeastRecentlyUsedEntryGoes) {
  EtagCache cache(2);
  hsd::sdk::HttpResponse response;
  response.status = 200;
  response.headers = {{"ETag", "\"x\""}};
  cache.store("a", response);
  cache.store("b", response);
  ASSERT_TRUE(cache.response("a"));  // a is now the most recent
  cache.store("c", response);
  EXPECT_TRUE(cache.response("a"));
  EXPECT_FALSE(cache.response("b"));
  EXPECT_TRUE(cache.response("c"));
  response.headers.clear();
  cache.store("d", response);  // no ETag: nothing to revalidate with
  EXPECT_FALSE(cache.response("d"));
}

TEST_F(ApiClientTest, PrimaryLimitWithinTheWaitIsWaitedOutOnce) {
  const std::string reset = std::to_string(now_s() + 30);
  host_.on("GET", "/user", FakeHost::json(403, R"({"message":"API rate limit exceeded for user ID 1."})",
                                          {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", reset}}));
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body()));
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user");
  ASSERT_TRUE(response.ok()) << response.failure().message;
  EXPECT_EQ(response->status, 200u);
  ASSERT_EQ(clock_.sleeps().size(), 1u);
  EXPECT_EQ(clock_.sleeps()[0], std::chrono::seconds(31));  // until the reset, plus a second of skew
  EXPECT_EQ(host_.requests.size(), 2u);
}

TEST_F(ApiClientTest, PrimaryLimitBeyondTheWaitFailsWithTheResetTime) {
  clock_.set(1'767'225'600'000);  // 2026-01-01T00:00:00Z
  host_.on("GET", "/user", FakeHost::json(429, R"({"message":"API rate limit exceeded"})",
                                          {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1767229200"}}));
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_RATE_LIMITED);
  EXPECT_EQ(response.failure().code, "RATE_LIMITED");
  EXPECT_TRUE(response.failure().retryable);
  EXPECT_EQ(response.failure().details_json, R"({"reset_at":"2026-01-01T01:00:01Z"})");
  EXPECT_THAT(response.failure().message, HasSubstr("2026-01-01T01:00:01Z"));
  EXPECT_TRUE(clock_.sleeps().empty());
  EXPECT_EQ(host_.requests.size(), 1u);
}

TEST_F(ApiClientTest, StillLimitedAfterTheOneRetryFails) {
  const std::string reset = std::to_string(now_s() + 5);
  host_.on("GET", "/user", FakeHost::json(403, "{}", {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", reset}}));
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().code, "RATE_LIMITED");
  EXPECT_EQ(host_.requests.size(), 2u);
  EXPECT_EQ(clock_.sleeps().size(), 1u);
}

TEST_F(ApiClientTest, RetryAfterWithinTheWaitIsHonoured) {
  host_.on("GET", "/user", FakeHost::json(403, R"({"message":"You have exceeded a secondary rate limit."})",
                                          {{"Retry-After", "12"}, {"x-ratelimit-remaining", "4000"}}));
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body()));
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200u);
  ASSERT_EQ(clock_.sleeps().size(), 1u);
  EXPECT_EQ(clock_.sleeps()[0], std::chrono::seconds(12));
}

TEST_F(ApiClientTest, RetryAfterBeyondTheWaitFails) {
  host_.on("GET", "/user", FakeHost::json(429, "{}", {{"Retry-After", "600"}}));
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_RATE_LIMITED);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(ApiClientTest, SecondaryLimitWithoutHeadersFailsRetryable) {
  host_.on("GET", "/user", FakeHost::json(403, R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})"));
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_RATE_LIMITED);
  EXPECT_TRUE(response.failure().retryable);
  EXPECT_THAT(response.failure().message, HasSubstr("secondary rate limit"));
  EXPECT_TRUE(clock_.sleeps().empty());
  EXPECT_EQ(host_.requests.size(), 1u);
}

TEST_F(ApiClientTest, APlain403IsAResponse) {
  host_.on("GET", "/repos/o/r", FakeHost::json(403, R"({"message":"Resource not accessible by personal access token"})",
                                               {{"x-ratelimit-remaining", "4999"}}));
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/repos/o/r");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 403u);
}

TEST_F(ApiClientTest, CancellationCutsARateLimitWaitShort) {
  host_.on("GET", "/user", FakeHost::json(403, "{}", {{"retry-after", "30"}}));
  host_.handler = [this](const testing::Recorded&) -> std::optional<testing::Scripted> {
    host_.cancelled = true;  // the host asks the call to stop while it is rate limited
    return std::nullopt;
  };
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_CANCELLED);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(ApiClientTest, A401WithARefreshableConnectionRefreshesOnce) {
  host_.credentials = R"({"access_token":"ghu_old","refresh_token":"ghr_1"})";
  host_.refreshed = R"({"access_token":"ghu_new","refresh_token":"ghr_2"})";
  host_.on("GET", "/user", FakeHost::json(401, R"({"message":"Bad credentials"})"));
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body()));
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(host_.forced_refreshes, 1);
  EXPECT_EQ(host_.requests[1].header("Authorization"), "Bearer ghu_new");
}

TEST_F(ApiClientTest, A401WithoutARefreshTokenIsAResponse) {
  host_.on("GET", "/user", FakeHost::json(401, R"({"message":"Bad credentials"})"));
  auto api = connection_client();
  auto account = fetch_account(api);
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(account.failure().code, "ACCESS_REVOKED");
  EXPECT_EQ(account.failure().message, "GitHub refused the token (401 Bad credentials)");
  EXPECT_EQ(host_.forced_refreshes, 0);
}

TEST_F(ApiClientTest, TransportFailuresAreRetryable) {
  testing::Scripted down;
  down.transport = HSD_ERR_UNAVAILABLE;
  host_.on("GET", "/user", down);
  auto api = connection_client();
  auto response = api.get(std::string(kApi) + "/user?x=secret");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(response.failure().retryable);
  EXPECT_EQ(response.failure().message, "GET /user failed: connection refused by api.fake.test:443");
  EXPECT_EQ(response.failure().code, "connection_refused");
}

}  // namespace
}  // namespace hsd::plugins::github
