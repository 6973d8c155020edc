#include "raw_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::hubspot {
namespace {

using ::testing::HasSubstr;

TEST(RawJson, SlicesExactBytes) {
  // Unicode raw and escaped, escaped quotes and backslashes, nested objects and arrays,
  // odd spacing and key order: each slice must be byte-identical to the input.
  const std::string a = "{\"id\":\"1\", \"name\" : \"Caf\xC3\xA9 \\u00e9 \\\"q\\\" \\\\ \xF0\x9F\x9A\x80\","
                        "\"nested\":{\"x\":[1,2.50,{\"y\":null}],\"e\":\"}]\"},\"n\":1e3}";
  const std::string b = "{\"name\":\"b\",\n  \"id\":\"2\",\"options\":[]}";
  const std::string c = "{\"id\":\"3\",\"s\":\"\\/\\b\\f\\n\\r\\t\"}";
  const std::string body = "{\"paging\":{\"next\":{\"after\":\"MTA=\",\"link\":\"x\"}},\"results\":[ " + a +
                           " ,\n\t" + b + "," + c + "\n] }";
  auto page = parse_results_page(body, "GET /x");
  ASSERT_TRUE(page.ok()) << page.failure().message;
  ASSERT_EQ(page->results.size(), 3u);
  EXPECT_EQ(page->results[0], a);
  EXPECT_EQ(page->results[1], b);
  EXPECT_EQ(page->results[2], c);
  EXPECT_EQ(page->next_after, "MTA=");
  EXPECT_TRUE(page->errors.empty());
}

TEST(RawJson, SlicesSurviveMovingThePage) {
  const std::string body = R"({"results":[{"id":"1","v":"kept"}]})";
  auto page = parse_results_page(body, "GET /x");
  ASSERT_TRUE(page.ok());
  ResultsPage moved = std::move(page.value());
  EXPECT_EQ(moved.results[0], R"({"id":"1","v":"kept"})");
}

TEST(RawJson, PagingEndsWhenAbsentOrEmpty) {
  for (const char* body : {R"({"results":[]})", R"({"results":[],"paging":{}})",
                           R"({"results":[],"paging":{"next":{"after":""}}})", R"({"results":[],"paging":null})"}) {
    auto page = parse_results_page(body, "GET /x");
    ASSERT_TRUE(page.ok()) << body;
    EXPECT_FALSE(page->next_after.has_value()) << body;
  }
}

TEST(RawJson, ErrorsOfA207AreSliced) {
  auto page = parse_results_page(
      R"({"status":"COMPLETE","results":[{"id":"1"}],"numErrors":1,"errors":[{"status":"error","message":"Flow 2 not found"}]})",
      "POST /automation/v4/flows/batch/read");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->errors.size(), 1u);
  EXPECT_EQ(page->errors[0], R"({"status":"error","message":"Flow 2 not found"})");
}

TEST(RawJson, MalformedBodiesNameTheEndpoint) {
  for (const char* body : {"", "<html>502</html>", "[]", R"({"total":3})", R"({"results":{}})",
                           R"({"results":[{"id":"1"}, {"id": tru}]})", R"({"results":[{"id":"1"},)",
                           R"({"results":[1,2]})"}) {
    auto page = parse_results_page(body, "GET /marketing/v3/forms");
    ASSERT_FALSE(page.ok()) << body;
    EXPECT_EQ(page.failure().code, "MALFORMED_RESPONSE");
    EXPECT_EQ(page.failure().status, HSD_ERR_UNAVAILABLE);
    EXPECT_THAT(page.failure().message, HasSubstr("GET /marketing/v3/forms")) << body;
  }
}

TEST(RawJson, ReadsIdAndName) {
  auto fields = read_object_fields(R"({"name":"email","label":"Email","id":"x"})", "name", {"label"});
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->id, "email");
  EXPECT_EQ(fields->name, "Email");

  fields = read_object_fields(R"({"id":123456789012,"labels":{"singular":"Car","plural":"Cars"},"name":"cars"})", "id",
                              {"/labels/singular", "name"});
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->id, "123456789012");
  EXPECT_EQ(fields->name, "Car");

  fields = read_object_fields(R"({"id":"7","labels":{},"name":"cars"})", "id", {"/labels/singular", "name"});
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->name, "cars");

  fields = read_object_fields(R"({"id":"7"})", "id", {"name"});
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->name, "");

  EXPECT_FALSE(read_object_fields(R"({"name":"x"})", "id", {"name"}));
  EXPECT_FALSE(read_object_fields(R"({"id":""})", "id", {"name"}));
  EXPECT_FALSE(read_object_fields(R"({"id":null})", "id", {"name"}));
  EXPECT_FALSE(read_object_fields("[1]", "id", {"name"}));
}

TEST(RawJson, TrimsOnlyJsonWhitespace) {
  EXPECT_EQ(trim_json_whitespace(" \t\r\n{}\n "), "{}");
  EXPECT_EQ(trim_json_whitespace("{\"a\":\" \"}"), "{\"a\":\" \"}");
}

}  // namespace
}  // namespace hsd::plugins::hubspot
