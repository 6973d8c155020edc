// Errors as the REST API answers them: the status for each error code and reason, the
// {"error": {"code", "message", "details"}} body, a 500 that keeps internals out of the body,
// and WWW-Authenticate on a 401.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "domain/password_links.hpp"
#include "service/api.hpp"

namespace hsd::engine::service {
namespace {

using ::testing::HasSubstr;

JsonObject body_of(const ApiResponse& response) {
  auto parsed = parse_object(response.body, "response body");
  EXPECT_TRUE(parsed.ok()) << response.body;
  return parsed.ok() ? *parsed : JsonObject(new Poco::JSON::Object);
}

std::string header(const ApiResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

TEST(HttpStatusFor, EachErrorCodeHasItsStatus) {
  const std::vector<std::pair<ErrorCode, int>> expected = {
      {ErrorCode::invalid_argument, 422}, {ErrorCode::not_found, 404},   {ErrorCode::unauthenticated, 401},
      {ErrorCode::rate_limited, 429},     {ErrorCode::unavailable, 503}, {ErrorCode::unsupported, 400},
      {ErrorCode::internal, 500},         {ErrorCode::conflict, 409},    {ErrorCode::permission_denied, 403},
      {ErrorCode::cancelled, 409},
  };
  for (const auto& [code, status] : expected) {
    EXPECT_EQ(http_status_for(make_error(code, "x")), status) << error_code_name(code);
  }
  // An out-of-range code (e.g. from a newer plugin) is a server fault.
  EXPECT_EQ(http_status_for(make_error(static_cast<ErrorCode>(99), "x")), 500);
}

TEST(HttpStatusFor, AReasonChoosesItsOwnStatusWhateverTheCode) {
  for (ErrorCode code : {ErrorCode::invalid_argument, ErrorCode::internal, ErrorCode::not_found}) {
    Error malformed = make_error(code, "x");
    malformed.reason = kMalformedRequest;
    EXPECT_EQ(http_status_for(malformed), 400);
    Error too_large = make_error(code, "x");
    too_large.reason = kBodyTooLarge;
    EXPECT_EQ(http_status_for(too_large), 413);
    Error gone = make_error(code, "x");
    gone.reason = kLinkGone;
    EXPECT_EQ(http_status_for(gone), 410);
  }
  Error other = make_error(ErrorCode::not_found, "x");
  other.reason = "MISSING_SCOPES";
  EXPECT_EQ(http_status_for(other), 404);
}

TEST(ErrorResponse, HasCodeMessageAndDetails) {
  Error error = make_error(ErrorCode::not_found, "connection 7 not found");
  const auto response = error_response(error);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  const auto body = body_of(response);
  EXPECT_EQ(body->size(), 1u);
  const auto inner = body->getObject("error");
  ASSERT_FALSE(inner.isNull()) << response.body;
  EXPECT_EQ(inner->size(), 3u);
  EXPECT_EQ(inner->getValue<std::string>("code"), "not_found");
  EXPECT_EQ(inner->getValue<std::string>("message"), "connection 7 not found");
  ASSERT_FALSE(inner->getObject("details").isNull());
  EXPECT_EQ(inner->getObject("details")->size(), 0u);
  EXPECT_EQ(header(response, "WWW-Authenticate"), "<absent>");
  // The keys come in the documented order.
  EXPECT_LT(response.body.find("\"code\""), response.body.find("\"message\""));
  EXPECT_LT(response.body.find("\"message\""), response.body.find("\"details\""));
}

TEST(ErrorResponse, CarriesTheErrorsDetails) {
  const auto response = error_response(field_error("label", "must be a string"));
  EXPECT_EQ(response.status, 422);
  const auto inner = body_of(response)->getObject("error");
  ASSERT_FALSE(inner.isNull());
  EXPECT_EQ(inner->getValue<std::string>("code"), "invalid_argument");
  EXPECT_EQ(inner->getValue<std::string>("message"), "label: must be a string");
  EXPECT_EQ(inner->getObject("details")->getValue<std::string>("field"), "label");

  Error broken = make_error(ErrorCode::conflict, "taken");
  broken.details_json = "{not json";
  const auto fallback = body_of(error_response(broken))->getObject("error");
  EXPECT_EQ(fallback->getObject("details")->size(), 0u);
}

TEST(ErrorResponse, AServerFaultHidesItsMessage) {
  const auto response = error_response(make_error(ErrorCode::internal, "sqlite: disk I/O error at /var/lib/hsd/db.sqlite"));
  EXPECT_EQ(response.status, 500);
  const auto inner = body_of(response)->getObject("error");
  EXPECT_EQ(inner->getValue<std::string>("code"), "internal");
  EXPECT_EQ(inner->getValue<std::string>("message"), "internal error; the service log has the details");
  EXPECT_THAT(response.body, ::testing::Not(HasSubstr("sqlite")));
  // Other 5xx keep their message: it says what to do.
  const auto unavailable = error_response(make_error(ErrorCode::unavailable, "storage is unavailable; try again"));
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(body_of(unavailable)->getObject("error")->getValue<std::string>("message"),
            "storage is unavailable; try again");
}

// Details come from the same place as the message (a plugin's or the storage's error), so a
// server fault must not pass them on either.
TEST(ErrorResponse, AServerFaultHidesItsDetailsToo) {
  Error error = make_error(ErrorCode::internal, "sqlite: disk I/O error");
  error.details_json = R"({"path":"/var/lib/hsd/db.sqlite"})";
  const auto response = error_response(error);
  EXPECT_EQ(response.status, 500);
  EXPECT_THAT(response.body, ::testing::Not(HasSubstr("/var/lib/hsd")));
  const auto inner = body_of(response)->getObject("error");
  ASSERT_FALSE(inner.isNull());
  ASSERT_FALSE(inner->getObject("details").isNull());
  EXPECT_EQ(inner->getObject("details")->size(), 0u);
}

TEST(ErrorResponse, A401AsksForABearerToken) {
  const auto response = error_response(make_error(ErrorCode::unauthenticated, "the API token is not valid"));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(header(response, "WWW-Authenticate"), "Bearer");
  EXPECT_EQ(body_of(response)->getObject("error")->getValue<std::string>("message"), "the API token is not valid");
  EXPECT_EQ(header(error_response(make_error(ErrorCode::permission_denied, "no")), "WWW-Authenticate"), "<absent>");
}

// A throttled (429) or overloaded (503) answer whose details say when to come back carries
// Retry-After too; other statuses do not, whatever their details.
TEST(ErrorResponse, RetryAfterComesFromTheDetailsOf429And503) {
  for (ErrorCode code : {ErrorCode::rate_limited, ErrorCode::unavailable}) {
    Error error = make_error(code, "wait");
    error.details_json = R"({"retry_after":7})";
    const auto response = error_response(error);
    EXPECT_EQ(header(response, "Retry-After"), "7");
    EXPECT_EQ(body_of(response)->getObject("error")->getObject("details")->getValue<int>("retry_after"), 7);
  }
  Error conflict = make_error(ErrorCode::conflict, "no");
  conflict.details_json = R"({"retry_after":7})";
  EXPECT_EQ(header(error_response(conflict), "Retry-After"), "<absent>");
  EXPECT_EQ(header(error_response(make_error(ErrorCode::rate_limited, "slow down")), "Retry-After"), "<absent>");
}

// Storage that cannot be reached (a database restarting) is a 503 worth another try in a second.
TEST(ErrorResponse, A503WithoutARetryHintGetsOneSecond) {
  const auto response = error_response(make_error(ErrorCode::unavailable, "storage is unavailable; try again shortly"));
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(header(response, "Retry-After"), "1");
  EXPECT_EQ(body_of(response)->getObject("error")->getObject("details")->getValue<int>("retry_after"), 1);
}

TEST(ErrorResponse, AMalformedRequestIs400WithItsCode) {
  Error error = make_error(ErrorCode::invalid_argument, "the request body is not valid JSON");
  error.reason = kMalformedRequest;
  const auto response = error_response(error);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(body_of(response)->getObject("error")->getValue<std::string>("code"), "invalid_argument");
}

TEST(FieldError, NamesTheFieldAndKeepsTheReason) {
  const Error plain = field_error("limit", "too big");
  EXPECT_EQ(plain.code, ErrorCode::invalid_argument);
  EXPECT_EQ(plain.message, "limit: too big");
  EXPECT_EQ(plain.details_json, R"({"field":"limit"})");
  EXPECT_EQ(plain.reason, "");
  const Error quoted = field_error("a\"b", "odd", kMalformedRequest);
  auto details = parse_object(quoted.details_json, "details");
  ASSERT_TRUE(details.ok()) << quoted.details_json;
  EXPECT_EQ((*details)->getValue<std::string>("field"), "a\"b");
  EXPECT_EQ(http_status_for(quoted), 400);
}

TEST(Responses, JsonAndNoContent) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("id", 7);
  const auto created = json_response(201, object);
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.body, R"({"id":7})");
  EXPECT_EQ(created.content_type, "application/json");
  EXPECT_TRUE(created.headers.empty());
  const auto empty = no_content();
  EXPECT_EQ(empty.status, 204);
  EXPECT_TRUE(empty.body.empty());
  EXPECT_TRUE(empty.content_type.empty());
}

ApiResponse guarded(const Result<int>& value) {
  HSD_API_TRY(checked, value);
  return json_response(200, *checked);
}

TEST(ApiTry, AnswersTheErrorOrGoesOn) {
  EXPECT_EQ(guarded(5).status, 200);
  EXPECT_EQ(guarded(5).body, "5");
  EXPECT_EQ(guarded(make_error(ErrorCode::conflict, "taken")).status, 409);
}

}  // namespace
}  // namespace hsd::engine::service
