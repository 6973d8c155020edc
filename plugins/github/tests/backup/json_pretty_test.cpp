#include "backup/json_pretty.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::github::backup {
namespace {

std::string pretty(std::string_view in) {
  std::string out;
  EXPECT_TRUE(pretty_json(in, out)) << in;
  return out;
}

bool invalid(std::string_view in) {
  std::string out;
  return !pretty_json(in, out);
}

TEST(JsonPretty, SortsKeysByByteOrder) {
  EXPECT_EQ(pretty(R"({"b":1,"a":2,"B":3,"_":4,"aa":5})"),
            "{\n  \"B\": 3,\n  \"_\": 4,\n  \"a\": 2,\n  \"aa\": 5,\n  \"b\": 1\n}");
}

TEST(JsonPretty, NestsWithTwoSpaces) {
  EXPECT_EQ(pretty(R"({"z":{"y":[1,{"b":true,"a":null}],"x":{}},"a":[]})"),
            "{\n"
            "  \"a\": [],\n"
            "  \"z\": {\n"
            "    \"x\": {},\n"
            "    \"y\": [\n"
            "      1,\n"
            "      {\n"
            "        \"a\": null,\n"
            "        \"b\": true\n"
            "      }\n"
            "    ]\n"
            "  }\n"
            "}");
}

TEST(JsonPretty, KeepsNumbersExactlyAsWritten) {
  EXPECT_EQ(pretty(R"([1.10, 12345678901234567890123, -0, 1e400, 2.50E-3, 0.1])"),
            "[\n  1.10,\n  12345678901234567890123,\n  -0,\n  1e400,\n  2.50E-3,\n  0.1\n]");
}

TEST(JsonPretty, KeepsUtf8AndDecodesUnicodeEscapes) {
  EXPECT_EQ(pretty("{\"k\":\"caf\xC3\xA9 \xE2\x82\xAC\"}"), "{\n  \"k\": \"caf\xC3\xA9 \xE2\x82\xAC\"\n}");
  EXPECT_EQ(pretty(R"("\u00e9\u20ac\ud83d\ude00")"), "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
}

TEST(JsonPretty, EscapesControlCharactersAndQuotes) {
  EXPECT_EQ(pretty(R"("a\"b\\c\/d\n\t\r\b\f\u0001\u001f\u007f")"), "\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001\\u001f\x7f\"");
  EXPECT_EQ(pretty(R"("\u000A\u0022")"), "\"\\n\\\"\"");
}

TEST(JsonPretty, KeepsLoneSurrogatesEscaped) {
  EXPECT_EQ(pretty(R"("\uD800x\udc00")"), "\"\\ud800x\\udc00\"");
}

TEST(JsonPretty, SortsEscapedKeysByTheirDecodedBytes) {
  // "\u0041" is "A" (0x41), which sorts before "B"; "\u00e9" (0xC3 0xA9) after "z".
  EXPECT_EQ(pretty(R"({"\u00e9":1,"z":2,"B":3,"\u0041":4})"),
            "{\n  \"A\": 4,\n  \"B\": 3,\n  \"z\": 2,\n  \"\xC3\xA9\": 1\n}");
}

TEST(JsonPretty, KeepsDuplicateKeysInTheirOrder) {
  EXPECT_EQ(pretty(R"({"b":1,"a":2,"b":3})"), "{\n  \"a\": 2,\n  \"b\": 1,\n  \"b\": 3\n}");
}

TEST(JsonPretty, AcceptsWhitespaceAroundEverything) {
  EXPECT_EQ(pretty(" \n\t{ \"a\" : [ 1 , 2 ] }\r\n "), "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
}

TEST(JsonPretty, RejectsInvalidJson) {
  EXPECT_TRUE(invalid(""));
  EXPECT_TRUE(invalid("{"));
  EXPECT_TRUE(invalid(R"({"a":1,})"));
  EXPECT_TRUE(invalid(R"([1,])"));
  EXPECT_TRUE(invalid(R"({"a" 1})"));
  EXPECT_TRUE(invalid("01"));
  EXPECT_TRUE(invalid("1."));
  EXPECT_TRUE(invalid("-"));
  EXPECT_TRUE(invalid("1e"));
  EXPECT_TRUE(invalid("tru"));
  EXPECT_TRUE(invalid("\"a\nb\""));
  EXPECT_TRUE(invalid(R"("\x")"));
  EXPECT_TRUE(invalid(R"("\u12")"));
  EXPECT_TRUE(invalid("{} {}"));
  EXPECT_TRUE(invalid("NaN"));
}

TEST(JsonPretty, RefusesVeryDeepNesting) {
  std::string deep(600, '[');
  deep += std::string(600, ']');
  EXPECT_TRUE(invalid(deep));
  std::string ok(100, '[');
  ok += std::string(100, ']');
  EXPECT_FALSE(invalid(ok));
}

TEST(RenderObjectFile, EndsWithANewline) {
  bool valid = false;
  EXPECT_EQ(render_object_file(R"({"a":1})", &valid), "{\n  \"a\": 1\n}\n");
  EXPECT_TRUE(valid);
}

TEST(RenderObjectFile, WritesInvalidJsonAsGiven) {
  bool valid = true;
  EXPECT_EQ(render_object_file("{oops", &valid), "{oops\n");
  EXPECT_FALSE(valid);
}

TEST(RenderObjectFile, IsStableUnderReformatting) {
  EXPECT_EQ(render_object_file(R"({"b":[1,2],"a":"x"})"), render_object_file("{\n \"a\" : \"x\",\n \"b\" : [ 1 , 2 ]\n}"));
}

}  // namespace
}  // namespace hsd::plugins::github::backup
