#include "error_body.hpp"
#include "response_failure.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::hubspot {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ErrorBody, MissingScopesInErrorsContextRequiredGranularScopes) {
  const auto body = parse_error_body(R"({"status":"error",
    "message":"This app hasn't been granted all required scopes to make this call.",
    "correlationId":"c-1",
    "errors":[{"message":"One or more of the following scopes are required.",
               "context":{"requiredGranularScopes":["crm.objects.services.write","crm.schemas.services.write"]}}],
    "links":{"scopes":"https://developers.hubspot.com/scopes"},"category":"MISSING_SCOPES"})");
  EXPECT_TRUE(body.parsed);
  EXPECT_TRUE(body.missing_scopes());
  EXPECT_EQ(body.correlation_id, "c-1");
  EXPECT_THAT(body.required_scopes, ElementsAre("crm.objects.services.write", "crm.schemas.services.write"));
}

TEST(ErrorBody, MissingScopesInTopLevelContextRequiredScopes) {
  const auto body = parse_error_body(
      R"({"status":"error","message":"missing","category":"MISSING_SCOPES","context":{"requiredScopes":["automation"]}})");
  EXPECT_TRUE(body.missing_scopes());
  EXPECT_THAT(body.required_scopes, ElementsAre("automation"));
}

TEST(ErrorBody, MissingScopesInMissingScopes) {
  const auto body = parse_error_body(R"({"status":"error","message":"m","missingScopes":["forms","content"]})");
  EXPECT_TRUE(body.missing_scopes());
  EXPECT_THAT(body.required_scopes, ElementsAre("forms", "content"));
}

TEST(ErrorBody, MissingScopesFailureNamesTheScopes) {
  hsd::sdk::HttpResponse response;
  response.status = 403;
  response.body = R"({"category":"MISSING_SCOPES","context":{"requiredScopes":["automation"]},"message":"m"})";
  const auto failure = response_failure(response, "GET /automation/v4/flows");
  EXPECT_EQ(failure.status, HSD_ERR_PERMISSION_DENIED);
  EXPECT_EQ(failure.code, "MISSING_SCOPES");
  EXPECT_THAT(failure.message, HasSubstr("automation"));
  EXPECT_THAT(failure.message, HasSubstr("GET /automation/v4/flows"));
  EXPECT_THAT(failure.details_json, HasSubstr("\"required_scopes\":[\"automation\"]"));
}

TEST(ErrorBody, RateLimitPolicies) {
  EXPECT_EQ(parse_error_body(R"({"status":"error","message":"You have reached your ten_secondly_rolling limit.",
      "errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING","groupName":"publicapi:x"})")
                .rate_limit_policy(),
            RateLimitPolicy::kTenSecondlyRolling);
  EXPECT_EQ(parse_error_body(R"({"status":"error","message":"You have reached your daily limit.",
      "errorType":"RATE_LIMIT","policyName":"DAILY","requestId":"r"})")
                .rate_limit_policy(),
            RateLimitPolicy::kDaily);
  EXPECT_EQ(parse_error_body(R"({"policyName":"SECONDLY"})").rate_limit_policy(), RateLimitPolicy::kSecondly);
  // Search answers with only the message.
  EXPECT_EQ(parse_error_body(R"({"status":"error","message":"You have reached your secondly limit."})")
                .rate_limit_policy(),
            RateLimitPolicy::kSecondly);
  EXPECT_EQ(parse_error_body(R"({"status":"error","message":"slow down"})").rate_limit_policy(),
            RateLimitPolicy::kUnknown);
  EXPECT_EQ(parse_error_body("<html>429</html>").rate_limit_policy(), RateLimitPolicy::kUnknown);
}

TEST(ErrorBody, BadRefreshTokenOldAndNewShapes) {
  const auto old_shape = parse_error_body(R"({"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh token"})");
  EXPECT_TRUE(old_shape.bad_refresh_token());
  EXPECT_EQ(old_shape.code(), "BAD_REFRESH_TOKEN");
  const auto new_shape = parse_error_body(R"({"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh token",
      "error":"invalid_grant","error_description":"refresh token is invalid, expired or revoked"})");
  EXPECT_TRUE(new_shape.bad_refresh_token());
  const auto rfc_only = parse_error_body(R"({"error":"invalid_grant","error_description":"expired"})");
  EXPECT_TRUE(rfc_only.bad_refresh_token());
  EXPECT_EQ(rfc_only.code(), "invalid_grant");
  EXPECT_FALSE(parse_error_body(R"({"status":"BAD_AUTH_CODE","message":"missing or unknown auth code"})").bad_refresh_token());
  EXPECT_FALSE(parse_error_body(R"({"status":"error","category":"VALIDATION_ERROR"})").bad_refresh_token());
}

TEST(ErrorBody, ToleratesAnything) {
  for (const char* text : {"", "not json", "[]", "{", "null", R"({"errors":"x","context":5})"}) {
    const auto body = parse_error_body(text);
    EXPECT_FALSE(body.missing_scopes()) << text;
    EXPECT_FALSE(body.bad_refresh_token()) << text;
  }
}

TEST(ResponseFailure, MapsStatusesAndDropsTheQuery) {
  EXPECT_EQ(describe_endpoint("GET", "/marketing/v3/forms?limit=50&after=abc"), "GET /marketing/v3/forms");
  hsd::sdk::HttpResponse response;
  response.status = 404;
  response.body = R"({"status":"error","message":"Not found","category":"OBJECT_NOT_FOUND","correlationId":"x"})";
  auto failure = response_failure(response, "GET /x");
  EXPECT_EQ(failure.status, HSD_ERR_NOT_FOUND);
  EXPECT_EQ(failure.code, "OBJECT_NOT_FOUND");
  EXPECT_FALSE(failure.retryable);
  response.status = 502;
  response.body = "<html>bad gateway</html>";
  failure = response_failure(response, "GET /x");
  EXPECT_EQ(failure.status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(failure.retryable);
  EXPECT_THAT(failure.message, HasSubstr("502"));
}

}  // namespace
}  // namespace hsd::plugins::hubspot
