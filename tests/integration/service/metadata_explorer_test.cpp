// What the Metadata Explorer reads, against the fake HubSpot through the real service: the
// types with HubSpot's labels and their counts, each object's exact bytes as the fake served
// them (numbers, key order and escapes untouched; ETag, 304 and the download header), 404s
// naming what is missing, who may read, and HubSpot's declared summary pointers resolving on
// every object the fake serves.
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "hubspot_service_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kPat = "pat-na1-11111111-2222-3333-4444-777777777777";

std::string encoded(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "/?#&=+%", out);
  return out;
}

// RFC 6901: the value at pointer in value, or nullopt when it resolves to nothing.
std::optional<Poco::Dynamic::Var> resolve(const Poco::Dynamic::Var& value, const std::string& pointer) {
  if (pointer.empty()) return std::optional<Poco::Dynamic::Var>(std::in_place, value);
  Poco::Dynamic::Var at = value;
  std::size_t start = 1;
  while (true) {
    const auto end = pointer.find('/', start);
    std::string token = pointer.substr(start, end == std::string::npos ? std::string::npos : end - start);
    for (std::size_t i = 0; (i = token.find("~1", i)) != std::string::npos;) token.replace(i, 2, "/");
    for (std::size_t i = 0; (i = token.find("~0", i)) != std::string::npos; ++i) token.replace(i, 2, "~");
    if (at.type() == typeid(Poco::JSON::Object::Ptr)) {
      auto object = at.extract<Poco::JSON::Object::Ptr>();
      if (!object->has(token)) return std::nullopt;
      at = object->get(token);
    } else if (at.type() == typeid(Poco::JSON::Array::Ptr)) {
      auto array = at.extract<Poco::JSON::Array::Ptr>();
      if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
      const auto index = std::stoul(token);
      if (index >= array->size()) return std::nullopt;
      at = array->get(static_cast<unsigned>(index));
    } else {
      return std::nullopt;
    }
    if (end == std::string::npos) return std::optional<Poco::Dynamic::Var>(std::in_place, at);
    start = end + 1;
  }
}

class MetadataExplorer : public HubSpotServiceTest {
 protected:
  // A fake portal, the service, a connection and its first retrieval.
  std::int64_t connect_and_retrieve() {
    start_fake();
    start_service("retrieve_interval: 0");
    const auto id = connect_private_app(kPat);
    EXPECT_NE(wait_log("\"job succeeded\""), "");
    return id;
  }

  std::string raw_path(std::int64_t id, const std::string& type, const std::string& object_id) {
    return connection_path(id) + "/metadata/" + encoded(type) + "/" + encoded(object_id) + "/raw";
  }

  // The expected object whose bytes contain needle.
  fakes::ExpectedObject expected_with(const std::string& needle) {
    for (const auto& object : fake().expected_objects()) {
      if (object.json.find(needle) != std::string::npos) return object;
    }
    ADD_FAILURE() << "the fake serves no object containing " << needle;
    return {};
  }
};

TEST_F(MetadataExplorer, TypesListHubSpotsLabelsInItsOrderWithTheSnapshotsCounts) {
  const auto id = connect_and_retrieve();
  std::map<std::string, std::int64_t> expected;
  for (const auto& object : fake().expected_objects()) ++expected[object.type];
  auto reply = api().get(connection_path(id) + "/metadata/types", owner().token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto types = reply.json()->getArray("types");
  const std::vector<std::pair<std::string, std::string>> declared = {
      {"custom_object_schemas", "Custom object schemas"},
      {"contact_properties", "Contact properties"},
      {"deal_properties", "Deal properties"},
      {"workflows", "Workflows"},
      {"forms", "Forms"}};
  ASSERT_EQ(types->size(), declared.size()) << reply.body;
  for (std::size_t i = 0; i < declared.size(); ++i) {
    auto item = types->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(item->getValue<std::string>("type"), declared[i].first);
    EXPECT_EQ(item->getValue<std::string>("label"), declared[i].second);
    EXPECT_EQ(item->getValue<std::int64_t>("count"), expected[declared[i].first]) << declared[i].first;
    EXPECT_GT(item->getValue<std::int64_t>("count"), 0) << declared[i].first;
  }
  ASSERT_FALSE(reply.json()->isNull("retrieved_at"));
  const auto retrieved = parse_iso8601(reply.json()->getValue<std::string>("retrieved_at"));
  EXPECT_GE(retrieved, parse_iso8601(connection(id)->getValue<std::string>("created_at")));

  // A type storage holds that the plugin does not declare (written by an older version of it)
  // comes last, under its own id, so that nothing stored is out of reach.
  sql_exec("UPDATE metadata_objects SET type = 'legacy_things' WHERE id = (SELECT max(id) FROM metadata_objects "
           "WHERE type = 'forms')");
  auto after = api().get(connection_path(id) + "/metadata/types", owner().token);
  ASSERT_EQ(after.status, 200) << after.body;
  auto listed = after.json()->getArray("types");
  ASSERT_EQ(listed->size(), declared.size() + 1) << after.body;
  EXPECT_EQ(listed->getObject(4)->getValue<std::int64_t>("count"), expected["forms"] - 1);
  auto last = listed->getObject(static_cast<unsigned>(declared.size()));
  EXPECT_EQ(last->getValue<std::string>("type"), "legacy_things");
  EXPECT_EQ(last->getValue<std::string>("label"), "legacy_things");
  EXPECT_EQ(last->getValue<std::int64_t>("count"), 1);
  // ... and its objects can be listed by that type and opened.
  auto list = api().get(connection_path(id) + "/metadata?type=legacy_things", owner().token);
  ASSERT_EQ(list.status, 200) << list.body;
  auto items = list.json()->getArray("items");
  ASSERT_EQ(items->size(), 1u) << list.body;
  const auto legacy_id = items->getObject(0)->getValue<std::string>("id");
  EXPECT_EQ(api().get(raw_path(id, "legacy_things", legacy_id), owner().token).status, 200);
  EXPECT_EQ(api().get(connection_path(id) + "/metadata/legacy_things/" + encoded(legacy_id), owner().token).status, 200);
}

TEST_F(MetadataExplorer, RawAnswersTheExactBytesTheFakeServed) {
  const auto id = connect_and_retrieve();
  // The workflow whose JSON a JavaScript formatter would change.
  const auto tricky = expected_with("hsd_exact_bytes");
  ASSERT_EQ(tricky.type, "workflows");
  for (const char* kept : {"9007199254740993", "\"price\":1.50", "\"hundred\":1.0e2", "caf\\u00e9 \\ud83d\\ude80",
                           "\"__proto__\":{\"polluted\":true}", "{\"b\":1,\"a\":2,"}) {
    ASSERT_THAT(tricky.json, HasSubstr(kept)) << "the fake's data no longer has what this test checks";
  }
  auto reply = api().get(raw_path(id, tricky.type, tricky.id), owner().token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, tricky.json);
  EXPECT_THAT(reply.headers["content-type"], HasSubstr("application/json"));
  EXPECT_EQ(reply.headers.count("content-disposition"), 0u);
  const std::string hash = hashes_of({tricky})[{tricky.type, tricky.id}];
  EXPECT_EQ(reply.headers["etag"], "\"" + hash.substr(0, 32) + "\"");
  // The show route names the same hash: the tag follows the content.
  auto shown = api().get(connection_path(id) + "/metadata/workflows/" + encoded(tricky.id), owner().token);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.json()->getValue<std::string>("hash"), hash);

  auto again = api().request("GET", raw_path(id, tricky.type, tricky.id), owner().token, std::nullopt,
                             {{"If-None-Match", reply.headers["etag"]}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  auto stale = api().request("GET", raw_path(id, tricky.type, tricky.id), owner().token, std::nullopt,
                             {{"If-None-Match", "\"0123\""}});
  EXPECT_EQ(stale.status, 200);

  // Every object of every type, byte for byte.
  std::size_t compared = 0;
  for (const auto& object : fake().expected_objects()) {
    auto raw = api().get(raw_path(id, object.type, object.id), owner().token);
    ASSERT_EQ(raw.status, 200) << object.type << "/" << object.id << ": " << raw.body;
    ASSERT_EQ(raw.body, object.json) << object.type << "/" << object.id;
    ++compared;
  }
  EXPECT_EQ(compared, fake().expected_objects().size());
}

TEST_F(MetadataExplorer, DownloadNamesASafeFileAndKeepsTheBytes) {
  const auto id = connect_and_retrieve();
  const auto object = expected_with("hsd_exact_bytes");
  auto reply = api().get(raw_path(id, object.type, object.id) + "?download=1", owner().token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, object.json);
  EXPECT_EQ(reply.headers["content-disposition"], "attachment; filename=\"workflows-" + object.id + ".json\"");
  auto plain = api().get(raw_path(id, object.type, object.id) + "?download=0", owner().token);
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.headers.count("content-disposition"), 0u);
  auto bad = api().get(raw_path(id, object.type, object.id) + "?download=yes", owner().token);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.error_field(), "download");
}

TEST_F(MetadataExplorer, MissingTypesAndObjectsAnswer404NamingThem) {
  const auto id = connect_and_retrieve();
  auto type = api().get(raw_path(id, "gadgets", "1"), owner().token);
  EXPECT_EQ(type.status, 404) << type.body;
  EXPECT_THAT(type.error_message(), HasSubstr("gadgets"));
  EXPECT_THAT(type.error_message(), HasSubstr("workflows"));  // the allowed types
  auto object = api().get(raw_path(id, "workflows", "no-such-flow-42"), owner().token);
  EXPECT_EQ(object.status, 404) << object.body;
  EXPECT_THAT(object.error_message(), HasSubstr("no-such-flow-42"));
  auto connection = api().get(raw_path(id + 1000, "workflows", "1"), owner().token);
  EXPECT_EQ(connection.status, 404) << connection.body;
  auto types = api().get(connection_path(id + 1000) + "/metadata/types", owner().token);
  EXPECT_EQ(types.status, 404) << types.body;
}

TEST_F(MetadataExplorer, MembersReadAndOthersWorkspacesDoNot) {
  const auto id = connect_and_retrieve();
  auto added = api().post("/api/v1/workspaces/" + std::to_string(owner().workspace_id) + "/members", owner().token,
                          R"({"email":"reader@acme.test","role":"member"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string member = service().create_token("reader@acme.test");
  const std::string outsider = service().bootstrap("globex", "boss@globex.test").token;
  const auto object = fake().expected_objects().front();
  for (const std::string& path : {raw_path(id, object.type, object.id), connection_path(id) + "/metadata/types"}) {
    SCOPED_TRACE(path);
    auto read = api().get(path, member);
    EXPECT_EQ(read.status, 200) << read.body;
    // Another workspace's connection is not there for them (the API's rule: 404, not 403).
    auto refused = api().get(path, outsider);
    EXPECT_EQ(refused.status, 404) << refused.body;
    EXPECT_EQ(api().get(path, "").status, 401);
  }
}

TEST_F(MetadataExplorer, HubSpotsSummaryPointersResolveOnEveryObjectItServes) {
  start_fake();
  start_service("retrieve_interval: 0");
  auto plugins = api().get("/api/v1/plugins", owner().token);
  ASSERT_EQ(plugins.status, 200) << plugins.body;
  Poco::JSON::Array::Ptr declared;
  for (std::size_t i = 0; i < plugins.array()->size(); ++i) {
    auto plugin = plugins.array()->getObject(static_cast<unsigned>(i));
    if (plugin->getValue<std::string>("id") == "hubspot") declared = plugin->getArray("metadata_types");
  }
  ASSERT_TRUE(declared);
  ASSERT_EQ(declared->size(), 5u);
  std::size_t checked = 0;
  for (std::size_t t = 0; t < declared->size(); ++t) {
    auto type = declared->getObject(static_cast<unsigned>(t));
    const std::string name = type->getValue<std::string>("type");
    auto summary = type->getArray("summary");
    ASSERT_GE(summary->size(), 3u) << name << " declares too little to summarise";
    // The compare rules in force are published with the type: HubSpot pairs every type by name.
    auto compare = type->getObject("compare");
    ASSERT_TRUE(compare) << name;
    EXPECT_EQ(compare->getValue<std::string>("key"), "/name") << name;
    EXPECT_GT(compare->getArray("ignore")->size(), 0u) << name;
    std::size_t objects = 0;
    for (const auto& object : fake().expected_objects()) {
      if (object.type != name) continue;
      ++objects;
      const auto data = Poco::JSON::Parser().parse(object.json);
      for (std::size_t f = 0; f < summary->size(); ++f) {
        auto field = summary->getObject(static_cast<unsigned>(f));
        const std::string pointer = field->getValue<std::string>("pointer");
        auto value = resolve(data, pointer);
        ASSERT_TRUE(value) << name << " " << object.id << ": " << pointer << " resolves to nothing";
        ++checked;
        if (!field->has("item")) continue;
        ASSERT_TRUE(value->type() == typeid(Poco::JSON::Array::Ptr)) << name << ": " << pointer << " is not an array";
        auto items = value->extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < items->size(); ++i) {
          EXPECT_TRUE(resolve(items->get(static_cast<unsigned>(i)), field->getValue<std::string>("item")))
              << name << " " << object.id << ": " << pointer << "[" << i << "]" << field->getValue<std::string>("item");
        }
      }
    }
    EXPECT_GT(objects, 0u) << "the fake serves no " << name;
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace hsd::testing
