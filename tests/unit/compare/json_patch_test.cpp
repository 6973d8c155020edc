// json_patch(): RFC 6902 operations between normalised documents; applying them gives the right
// side back (examples and a property test over generated documents).
#include <gtest/gtest.h>

#include <random>

#include "compare/json_patch.hpp"
#include "compare/normalise.hpp"

namespace {

using namespace hsd::engine::compare;
using hsd::engine::CompareRules;

Json doc(const std::string& raw, const CompareRules& rules) {
  auto out = normalise(raw, rules);
  EXPECT_TRUE(out.ok()) << raw;
  return out->document;
}

std::string ops_text(const std::vector<PatchOperation>& ops) {
  std::string out;
  for (const auto& op : ops) out += json_text(operation_json(op)) + "\n";
  return out;
}

// The operations from left to right, checking that applying them gives right.
std::vector<PatchOperation> checked_patch(const std::string& left_raw, const std::string& right_raw,
                                          const CompareRules& rules) {
  Json left = doc(left_raw, rules), right = doc(right_raw, rules);
  const std::string left_before = json_text(left);
  auto ops = json_patch(left, right, rules);
  EXPECT_EQ(json_text(left), left_before) << "json_patch changed its input";
  auto applied = apply_patch(left, ops);
  EXPECT_TRUE(applied.ok()) << (applied.ok() ? "" : applied.error().message) << "\n" << ops_text(ops);
  if (applied.ok()) {
    EXPECT_TRUE(json_equal(*applied, right)) << json_text(*applied) << "\n" << ops_text(ops);
  }
  EXPECT_EQ(json_text(left), left_before) << "apply_patch changed its input";
  return ops;
}

TEST(JsonPatch, SameDocumentGivesNoOperations) {
  EXPECT_TRUE(checked_patch(R"({"a": [1, {"b": null}], "n": 1.0})", R"({"n": 1, "a": [1, {"b": null}]})", {}).empty());
}

TEST(JsonPatch, ObjectMembersReplacedAddedRemovedWithOldValues) {
  auto ops = checked_patch(R"({"a": 1, "b": "x", "c": true})", R"({"a": 2, "c": true, "d": [1]})", {});
  EXPECT_EQ(ops_text(ops),
            "{\"op\":\"replace\",\"path\":\"/a\",\"value\":2,\"old_value\":1}\n"
            "{\"op\":\"remove\",\"path\":\"/b\",\"old_value\":\"x\"}\n"
            "{\"op\":\"add\",\"path\":\"/d\",\"value\":[1]}\n");
}

TEST(JsonPatch, PathsEscapeTildeAndSlash) {
  auto ops = checked_patch(R"({"a/b": 1, "c~d": 1})", R"({"a/b": 2, "c~d": 2})", {});
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].path, "/a~1b");
  EXPECT_EQ(ops[1].path, "/c~0d");
}

TEST(JsonPatch, KeyedReorderIsNoChange) {
  CompareRules rules;
  rules.arrays = {{"/options", "/value"}};
  EXPECT_TRUE(checked_patch(R"({"options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]})",
                            R"({"options": [{"value": "b", "label": "B"}, {"value": "a", "label": "A"}]})", rules)
                  .empty());
}

TEST(JsonPatch, PositionalReorderIsAChange) {
  auto ops = checked_patch(R"({"actions": [{"id": 1}, {"id": 2}]})", R"({"actions": [{"id": 2}, {"id": 1}]})", {});
  EXPECT_EQ(ops_text(ops),
            "{\"op\":\"replace\",\"path\":\"/actions/0/id\",\"value\":2,\"old_value\":1}\n"
            "{\"op\":\"replace\",\"path\":\"/actions/1/id\",\"value\":1,\"old_value\":2}\n");
}

TEST(JsonPatch, KeyedArraysCompareElementByKey) {
  CompareRules rules;
  rules.arrays = {{"/options", "/value"}};
  auto ops = checked_patch(
      R"({"options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}, {"value": "c", "label": "C"}]})",
      R"({"options": [{"value": "d", "label": "D"}, {"value": "c", "label": "C2"}, {"value": "a", "label": "A"}]})",
      rules);
  EXPECT_EQ(ops_text(ops),
            "{\"op\":\"remove\",\"path\":\"/options/1\",\"old_value\":{\"label\":\"B\",\"value\":\"b\"}}\n"
            "{\"op\":\"replace\",\"path\":\"/options/1/label\",\"value\":\"C2\",\"old_value\":\"C\"}\n"
            "{\"op\":\"add\",\"path\":\"/options/2\",\"value\":{\"label\":\"D\",\"value\":\"d\"}}\n");
}

TEST(JsonPatch, NestedKeyedArraysWithWildcards) {
  CompareRules rules;
  rules.arrays = {{"/groups/*/fields", "/name"}, {"/groups/*/fields/*/options", "/value"}};
  const std::string left = R"({"groups": [{"fields": [
      {"name": "email", "options": []},
      {"name": "color", "options": [{"value": "red"}, {"value": "blue"}]}]}]})";
  // Same fields and options in another order: no change.
  EXPECT_TRUE(checked_patch(left, R"({"groups": [{"fields": [
      {"name": "color", "options": [{"value": "blue"}, {"value": "red"}]},
      {"name": "email", "options": []}]}]})",
                            rules)
                  .empty());
  auto ops = checked_patch(left, R"({"groups": [{"fields": [
      {"name": "color", "options": [{"value": "green"}, {"value": "blue"}]},
      {"name": "email", "options": []}]}]})",
                           rules);
  EXPECT_EQ(ops_text(ops),
            "{\"op\":\"add\",\"path\":\"/groups/0/fields/0/options/1\",\"value\":{\"value\":\"green\"}}\n"
            "{\"op\":\"remove\",\"path\":\"/groups/0/fields/0/options/2\",\"old_value\":{\"value\":\"red\"}}\n");
}

TEST(JsonPatch, PositionalArraysGrowAndShrinkAtTheEnd) {
  checked_patch(R"({"a": [1, 2, 3, 4]})", R"({"a": [1, 5]})", {});
  checked_patch(R"({"a": [1]})", R"({"a": [1, 2, 3]})", {});
  checked_patch(R"({"a": [1]})", R"({"a": {"x": 1}})", {});
  checked_patch(R"([1, 2])", R"({"a": 1})", {});
}

TEST(JsonPatch, ApplyRefusesPathsThatDoNotResolve) {
  auto doc_ = doc(R"({"a": [1]})", {});
  PatchOperation op;
  op.op = PatchOperation::Op::remove;
  op.path = "/a/3";
  EXPECT_FALSE(apply_patch(doc_, {op}).ok());
  op.path = "/b/c";
  EXPECT_FALSE(apply_patch(doc_, {op}).ok());
}

// Generated documents: random objects and arrays, keyed arrays at /items (by /k) whose elements
// carry nested keyed arrays at /items/*/tags (by ""), mutated at random.
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  Json value(int depth) {
    switch (pick(depth > 2 ? 4 : 6)) {
      case 0:
        return Json();
      case 1:
        return pick(2) == 1;
      case 2:
        return static_cast<Poco::Int64>(pick(5));
      case 3:
        return std::string(1, static_cast<char>('a' + pick(4)));
      case 4: {
        JsonArray array = new Poco::JSON::Array();
        for (unsigned i = 0, n = pick(4); i < n; ++i) array->add(value(depth + 1));
        return array;
      }
      default: {
        JsonObject object = new Poco::JSON::Object();
        for (unsigned i = 0, n = pick(4); i < n; ++i) object->set(std::string(1, static_cast<char>('p' + pick(5))), value(depth + 1));
        return object;
      }
    }
  }

  Json document() {
    JsonObject root = as_object(value(5));
    if (!root) root = new Poco::JSON::Object();
    JsonArray items = new Poco::JSON::Array();
    std::vector<unsigned> keys = {0, 1, 2, 3, 4, 5, 6};
    std::shuffle(keys.begin(), keys.end(), rng_);
    for (unsigned i = 0, n = pick(6); i < n; ++i) {
      JsonObject item = new Poco::JSON::Object();
      item->set("k", "key" + std::to_string(keys[i]));
      item->set("v", value(2));
      JsonArray tags = new Poco::JSON::Array();
      std::vector<std::string> words = {"x", "y", "z", "w"};
      std::shuffle(words.begin(), words.end(), rng_);
      for (unsigned t = 0, m = pick(5); t < m; ++t) tags->add(words[t]);
      item->set("tags", tags);
      items->add(item);
    }
    root->set("items", items);
    return root;
  }

 private:
  unsigned pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_); }
  std::mt19937 rng_;
};

TEST(JsonPatch, ApplyingThePatchGivesTheRightSideForGeneratedDocuments) {
  CompareRules rules;
  rules.arrays = {{"/items", "/k"}, {"/items/*/tags", ""}};
  Generator generator(20261207);
  for (int round = 0; round < 2000; ++round) {
    Json left = generator.document(), right = generator.document();
    EXPECT_TRUE(normalise_in_place(left, rules).empty());
    EXPECT_TRUE(normalise_in_place(right, rules).empty());
    auto ops = json_patch(left, right, rules);
    auto applied = apply_patch(left, ops);
    ASSERT_TRUE(applied.ok()) << applied.error().message << "\n" << json_text(left) << "\n" << json_text(right);
    ASSERT_TRUE(json_equal(*applied, right)) << json_text(left) << "\n" << json_text(right) << "\n" << ops_text(ops);
    EXPECT_TRUE(json_patch(right, deep_copy(right), rules).empty());
  }
}

}  // namespace
