// Request bodies and path/query values: bad JSON is 400 (malformed_request); an unknown
// field, a wrong type or a missing required field is 422 naming the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/request_body.hpp"

namespace hsd::engine::service {
namespace {

using ::testing::HasSubstr;

const std::vector<FieldSpec> kFields = {
    {"label", FieldType::string, true},
    {"count", FieldType::integer, false},
    {"enabled", FieldType::boolean, false},
    {"scopes", FieldType::string_array, false},
};

// The field an error names in its details.
std::string field_of(const Error& error) {
  auto details = parse_object(error.details_json, "details");
  return details.ok() ? (*details)->optValue<std::string>("field", "") : "<no details>";
}

void expect_field_error(const Result<JsonObject>& parsed, const std::string& field, const std::string& says) {
  ASSERT_FALSE(parsed.ok()) << "accepted; expected an error about " << field;
  EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(parsed.error().reason, "");
  EXPECT_EQ(http_status_for(parsed.error()), 422);
  EXPECT_EQ(field_of(parsed.error()), field);
  EXPECT_THAT(parsed.error().message, HasSubstr(field + ": "));
  EXPECT_THAT(parsed.error().message, HasSubstr(says));
}

TEST(ParseBody, AcceptsDeclaredFieldsOfTheRightTypes) {
  auto parsed = parse_body(R"({"label":"Prod","count":3,"enabled":false,"scopes":["a","b"]})", kFields);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ((*parsed)->getValue<std::string>("label"), "Prod");
  EXPECT_EQ((*parsed)->getValue<std::int64_t>("count"), 3);
  EXPECT_FALSE((*parsed)->getValue<bool>("enabled"));
  EXPECT_EQ((*parsed)->getArray("scopes")->size(), 2u);
  // Optional fields may be left out, and an empty array is an array of strings.
  auto minimal = parse_body(R"({"label":"x","scopes":[]})", kFields);
  ASSERT_TRUE(minimal.ok()) << minimal.error().message;
  EXPECT_FALSE((*minimal)->has("count"));
}

TEST(ParseBody, AnEmptyBodyIsAnEmptyObject) {
  auto parsed = parse_body("", {{"label", FieldType::string, false}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ((*parsed)->size(), 0u);
  expect_field_error(parse_body("", kFields), "label", "is required");
}

TEST(ParseBody, MalformedJsonIsA400) {
  for (const std::string body : {"{", "{\"label\":}", "not json", "{\"label\":\"x\",}", "{'label':'x'}"}) {
    auto parsed = parse_body(body, kFields);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument) << body;
    EXPECT_EQ(parsed.error().reason, kMalformedRequest) << body;
    EXPECT_EQ(http_status_for(parsed.error()), 400) << body;
    EXPECT_THAT(parsed.error().message, HasSubstr("not valid JSON")) << body;
  }
}

TEST(ParseBody, ABodyThatIsNotAnObjectIsA400) {
  for (const std::string body : {"[]", "[{\"label\":\"x\"}]"}) {
    auto parsed = parse_body(body, kFields);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().reason, kMalformedRequest) << body;
    EXPECT_EQ(http_status_for(parsed.error()), 400) << body;
    EXPECT_THAT(parsed.error().message, HasSubstr("must be a JSON object")) << body;
  }
  // Poco's parser refuses a bare scalar as a document, so these read as malformed JSON; either
  // way the answer is 400 malformed_request.
  for (const std::string body : {"\"label\"", "42", "null", "true"}) {
    auto parsed = parse_body(body, kFields);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument) << body;
    EXPECT_EQ(parsed.error().reason, kMalformedRequest) << body;
    EXPECT_EQ(http_status_for(parsed.error()), 400) << body;
  }
}

TEST(ParseBody, AnUnknownFieldIsRefusedListingTheAllowedOnes) {
  auto parsed = parse_body(R"({"label":"x","colour":"red"})", kFields);
  expect_field_error(parsed, "colour", "unknown field; allowed: label, count, enabled, scopes");
  auto none_allowed = parse_body(R"({"x":1})", {});
  expect_field_error(none_allowed, "x", "unknown field; allowed: none");
  // Field names are case-sensitive.
  expect_field_error(parse_body(R"({"Label":"x"})", kFields), "Label", "unknown field");
}

TEST(ParseBody, AStringFieldTakesOnlyAString) {
  for (const std::string value : {"1", "true", "null", "[\"x\"]", "{}"}) {
    SCOPED_TRACE(value);
    expect_field_error(parse_body("{\"label\":" + value + "}", kFields), "label", "must be a string");
  }
}

TEST(ParseBody, AnIntegerFieldTakesOnlyAWholeNumber) {
  for (const std::string value : {"1.5", "\"3\"", "null", "[1]", "{}"}) {
    SCOPED_TRACE(value);
    expect_field_error(parse_body(R"({"label":"x","count":)" + value + "}", kFields), "count",
                       "must be an integer");
  }
  auto negative = parse_body(R"({"label":"x","count":-7})", kFields);
  ASSERT_TRUE(negative.ok()) << negative.error().message;
  EXPECT_EQ((*negative)->getValue<std::int64_t>("count"), -7);
}

// JSON true and false are not integers (Poco's Var::isInteger() says they are: bool is an
// integral type in C++).
TEST(ParseBody, AnIntegerFieldRefusesTrueAndFalse) {
  for (const std::string value : {"true", "false"}) {
    SCOPED_TRACE(value);
    expect_field_error(parse_body(R"({"label":"x","count":)" + value + "}", kFields), "count",
                       "must be an integer");
  }
}

TEST(ParseBody, ABooleanFieldTakesOnlyTrueOrFalse) {
  for (const std::string value : {"1", "0", "\"true\"", "null"}) {
    SCOPED_TRACE(value);
    expect_field_error(parse_body(R"({"label":"x","enabled":)" + value + "}", kFields), "enabled",
                       "must be true or false");
  }
  auto yes = parse_body(R"({"label":"x","enabled":true})", kFields);
  ASSERT_TRUE(yes.ok()) << yes.error().message;
}

TEST(ParseBody, AStringArrayFieldTakesOnlyAnArrayOfStrings) {
  for (const std::string value : {"\"a\"", "[\"a\",1]", "[null]", "[[\"a\"]]", "{}", "null"}) {
    SCOPED_TRACE(value);
    expect_field_error(parse_body(R"({"label":"x","scopes":)" + value + "}", kFields), "scopes",
                       "must be an array of strings");
  }
}

TEST(ParseBody, AMissingRequiredFieldIsNamed) {
  expect_field_error(parse_body(R"({"count":1})", kFields), "label", "is required");
}

ApiRequest with_param(const std::string& name, const std::string& value) {
  ApiRequest request;
  request.params[name] = value;
  return request;
}

TEST(PathId, APositiveWholeNumberIsAnId) {
  auto id = path_id(with_param("id", "42"), "id", "connection");
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, 42);
  auto big = path_id(with_param("id", "9223372036854775807"), "id", "connection");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(*big, INT64_MAX);
}

TEST(PathId, AnythingElseIsNotFoundLikeAMissingObject) {
  for (const std::string bad : {"0", "-1", "abc", "12abc", "1.0", " 1", "+1", "", "9223372036854775808"}) {
    auto id = path_id(with_param("id", bad), "id", "connection");
    ASSERT_FALSE(id.ok()) << "'" << bad << "'";
    EXPECT_EQ(id.error().code, ErrorCode::not_found);
    EXPECT_EQ(http_status_for(id.error()), 404);
    EXPECT_EQ(id.error().message, "connection " + bad + " not found");
  }
  auto absent = path_id(ApiRequest{}, "id", "job");
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, ErrorCode::not_found);
}

ApiRequest with_query(const std::string& name, const std::string& value) {
  ApiRequest request;
  request.query[name] = value;
  return request;
}

TEST(QueryInt, AbsentIsNone) {
  auto limit = query_int(ApiRequest{}, "limit", 1, 500);
  ASSERT_TRUE(limit.ok());
  EXPECT_FALSE(limit->has_value());
}

TEST(QueryInt, AcceptsWholeNumbersWithinTheBoundsInclusive) {
  for (const auto& [text, value] : std::vector<std::pair<std::string, std::int64_t>>{{"1", 1}, {"50", 50}, {"500", 500}}) {
    auto limit = query_int(with_query("limit", text), "limit", 1, 500);
    ASSERT_TRUE(limit.ok()) << text << ": " << limit.error().message;
    ASSERT_TRUE(limit->has_value());
    EXPECT_EQ(**limit, value);
  }
  auto negative = query_int(with_query("offset", "-5"), "offset", -10, 10);
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(**negative, -5);
}

TEST(QueryInt, RefusesOutOfBoundsOrNotANumberNamingTheParameter) {
  for (const std::string bad : {"0", "501", "-1", "abc", "", "5x", "1.5", "99999999999999999999"}) {
    auto limit = query_int(with_query("limit", bad), "limit", 1, 500);
    ASSERT_FALSE(limit.ok()) << "'" << bad << "'";
    EXPECT_EQ(limit.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(http_status_for(limit.error()), 422);
    EXPECT_EQ(field_of(limit.error()), "limit");
    EXPECT_EQ(limit.error().message, "limit: '" + bad + "' is not a whole number from 1 to 500");
  }
}

}  // namespace
}  // namespace hsd::engine::service
