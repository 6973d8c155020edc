// The storage client's quick reading of metadata rows gives what the Poco reading gives, and
// leaves every row of another shape to it (nullopt).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <string>

#include "metadata_row_reader.hpp"

namespace {

using hsd::engine::MetadataRow;
using hsd::engine::detail::quick_metadata_row;

// The fields as session.cpp's Poco path reads them.
MetadataRow poco_row(const std::string& text) {
  const auto o = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  MetadataRow row;
  row.type = o->optValue<std::string>("type", "");
  row.id = o->optValue<std::string>("id", "");
  row.name = o->optValue<std::string>("name", "");
  row.hash = o->optValue<std::string>("hash", "");
  row.snapshot = o->optValue<Poco::Int64>("snapshot", 0);
  row.cursor = o->optValue<std::string>("cursor", "");
  if (o->has("data") && !o->isNull("data")) row.data = o->getValue<std::string>("data");
  return row;
}

void expect_same(const MetadataRow& a, const MetadataRow& b, const std::string& text) {
  EXPECT_EQ(a.type, b.type) << text;
  EXPECT_EQ(a.id, b.id) << text;
  EXPECT_EQ(a.name, b.name) << text;
  EXPECT_EQ(a.hash, b.hash) << text;
  EXPECT_EQ(a.snapshot, b.snapshot) << text;
  EXPECT_EQ(a.cursor, b.cursor) << text;
  EXPECT_EQ(a.data, b.data) << text;
}

TEST(MetadataRowReader, ReadsWhatPocoReads) {
  for (const std::string text : {
           R"({"type":"forms","id":"f-1","name":"Größe \"quoted\" \ud83e\uddea","hash":"ab12","snapshot":41,"cursor":"forms\u0000f-1","data":"{\"name\":\"x\\\\y\",\"n\":[1,2.5e3,null]}","extra":{"a":[1]}})",
           R"({"type":"workflows","id":"7","name":"","hash":"00","snapshot":3,"cursor":"c","data":null})",
           R"({"type":"workflows","id":"7"})",
           R"({"id":"1","id":"2","data":"a","data":"b"})",
       }) {
    const auto quick = quick_metadata_row(text);
    ASSERT_TRUE(quick.has_value()) << text;
    expect_same(*quick, poco_row(text), text);
  }
}

TEST(MetadataRowReader, LeavesOtherShapesToPoco) {
  EXPECT_FALSE(quick_metadata_row(R"({"type":"forms","id":12})"));         // Poco turns 12 into "12"
  EXPECT_FALSE(quick_metadata_row(R"({"snapshot":"41"})"));
  EXPECT_FALSE(quick_metadata_row(R"({"data":{"a":1}})"));
  EXPECT_FALSE(quick_metadata_row(R"([1])"));
  EXPECT_FALSE(quick_metadata_row(R"({"type":"forms")"));
  EXPECT_FALSE(quick_metadata_row("{\"name\":\"\xff\"}"));
}

}  // namespace
