// hsdeploy comparisons list | show | delete, end to end with the real binary on SQLite. A
// comparison is made by `compare` (another command); here its rows are written into the
// binary's own database as a finished run leaves them, so that listing, showing (with the
// filters) and deleting are tested against what the storage really holds.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "cli_runner.hpp"

namespace {

using hsd::testing::CliResult;
using hsd::testing::CliRunner;
using ::testing::AllOf;
using ::testing::HasSubstr;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr object(const std::string& text) { return Poco::JSON::Parser().parse(text).extract<Object::Ptr>(); }
Array::Ptr array(const std::string& text) { return Poco::JSON::Parser().parse(text).extract<Array::Ptr>(); }

class ComparisonsCliTest : public ::testing::Test {
 protected:
  ComparisonsCliTest() : cli_(std::string("cmp_") + ::testing::UnitTest::GetInstance()->current_test_info()->name()) {}

  // Two echo connections, so that the database exists with its schema and sides to name.
  void connect_two() {
    for (const char* account : {"prod", "staging"}) {
      auto result = cli_.run({"connect", "echo_source", "--token", std::string("echo-") + account, "--label", account});
      ASSERT_EQ(result.exit_code, 0) << result.err;
    }
  }

  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((cli_.dir() / "var" / "hsdeploy.db").c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message << "\n" << statement;
  }

  std::string count(const std::string& query) {
    sqlite3* db = nullptr;
    sqlite3_open((cli_.dir() / "var" / "hsdeploy.db").c_str(), &db);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, query.c_str(), -1, &statement, nullptr);
    std::string out = sqlite3_step(statement) == SQLITE_ROW
                          ? reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))
                          : "";
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
  }

  // Comparison `id` of prod (1) against staging (2), completed, with changes of two types.
  void finished_comparison(int id) {
    const std::string side = R"({"kind":"connection","connection":%C,"connection_label":"%L","plugin":"echo_source",)"
                             R"("snapshot":null,"backup":null,"repository":null,"full_name":null,"ref":null,"commit":null,"label":"%L"})";
    auto side_of = [&](const std::string& connection, const std::string& label) {
      std::string out = side;
      out.replace(out.find("%C"), 2, connection);
      while (out.find("%L") != std::string::npos) out.replace(out.find("%L"), 2, label);
      return out;
    };
    const std::string result =
        R"({"types":{"gadgets":{"added":0,"removed":1,"changed":0,"unchanged":9,"ambiguous":0,"unmatchable":0},)"
        R"("widgets":{"added":1,"removed":0,"changed":2,"unchanged":7,"ambiguous":0,"unmatchable":0}},)"
        R"("totals":{"added":1,"removed":1,"changed":2,"unchanged":16,"ambiguous":0,"unmatchable":0},"warnings":[]})";
    const std::string n = std::to_string(id);
    sql("INSERT INTO comparisons (id, workspace_id, connection_id, other_connection_id, state, result, left_side,"
        " right_side, differences, created_at, updated_at, finished_at) VALUES (" + n + ", 1, 1, 2, 'completed', '" +
        result + "', '" + side_of("1", "prod") + "', '" + side_of("2", "staging") +
        "', 4, 1765000000000, 1765000000000, 1765000001000)");
    sql("INSERT INTO comparison_changes (comparison_id, type, kind, key, name, left_id, right_id, operations, patch,"
        " left_document, right_document) VALUES"
        " (" + n + ", 'widgets', 'added', 'w-new', 'New widget', '', 'r1', 0, '[]', '', '{\"a\":1}'),"
        " (" + n + ", 'widgets', 'changed', 'w-1', 'Widget 1', 'l2', 'r2', 1,"
        "  '[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2,\"old_value\":1}]', '{\"a\":1}', '{\"a\":2}'),"
        " (" + n + ", 'widgets', 'changed', 'w-2', 'Widget 2', 'l3', 'r3', 2, '[]', '{\"b\":1}', '{\"b\":2}'),"
        " (" + n + ", 'gadgets', 'removed', 'g-old', 'Old gadget', 'l4', '', 0, '[]', '{\"c\":1}', '')");
  }

  CliRunner cli_;
};

TEST_F(ComparisonsCliTest, AnEmptyStoreListsNothingAndUnknownIdsAreBadInput) {
  connect_two();
  auto listed = cli_.run({"comparisons", "list", "--output", "json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(array(listed.out)->size(), 0u);
  auto text = cli_.run({"comparisons", "list"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("no comparisons yet"));

  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"comparisons", "show", "99"}, "no comparison 99"},
      {{"comparisons", "delete", "99", "--yes"}, "no comparison 99"},
      {{"comparisons", "show", "abc"}, "'abc' is not a comparison id"},
      {{"comparisons", "show", "0"}, "'0' is not a comparison id"},
      {{"comparisons", "delete"}, "comparisons delete"},
      {{"comparisons", "list", "--limit", "0"}, "--limit: '0'"},
      {{"comparisons", "list", "--workspace", "nowhere"}, "--workspace"},
      {{"comparisons", "frobnicate"}, "comparisons"},
  };
  for (const auto& [line, message] : bad) {
    auto result = cli_.run(line);
    std::string words;
    for (const auto& word : line) words += word + " ";
    EXPECT_EQ(result.exit_code, 2) << words << result.err;
    EXPECT_THAT(result.err, HasSubstr(message)) << words;
    EXPECT_EQ(result.out, "") << words;
  }
}

TEST_F(ComparisonsCliTest, ListAndShowPrintTheStoredComparisonAndFilterItsChanges) {
  connect_two();
  finished_comparison(7);
  finished_comparison(8);

  auto listed = cli_.run({"comparisons", "list", "--output", "json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  auto views = array(listed.out);
  ASSERT_EQ(views->size(), 2u);
  EXPECT_EQ(views->getObject(0)->getValue<int>("id"), 8);  // newest first
  auto view = views->getObject(1);
  EXPECT_EQ(view->getValue<std::string>("status"), "completed");
  EXPECT_EQ(view->getValue<int>("differences"), 4);
  EXPECT_EQ(view->getObject("left")->getValue<std::string>("label"), "prod");
  EXPECT_EQ(view->getObject("right")->getValue<std::string>("label"), "staging");
  EXPECT_EQ(view->getObject("summary")->getObject("widgets")->getValue<int>("changed"), 2);
  EXPECT_EQ(view->getObject("totals")->getValue<int>("unchanged"), 16);
  EXPECT_EQ(view->getValue<std::string>("finished_at"), "2025-12-06T05:46:41Z");
  auto limited = cli_.run({"comparisons", "list", "--limit", "1", "--output", "json"});
  ASSERT_EQ(array(limited.out)->size(), 1u);

  auto text = cli_.run({"comparisons", "list"});
  EXPECT_THAT(text.out, AllOf(HasSubstr("prod"), HasSubstr("staging"), HasSubstr("completed, 4 differences")));

  auto shown = cli_.run({"comparisons", "show", "7", "--output", "json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  auto full = object(shown.out);
  EXPECT_EQ(full->getValue<int>("id"), 7);
  auto changes = full->getArray("changes");
  ASSERT_EQ(changes->size(), 4u);
  EXPECT_EQ(changes->getObject(0)->getValue<std::string>("key"), "w-new");
  EXPECT_FALSE(changes->getObject(0)->has("left_document"));  // documents are one change's view

  auto filtered = cli_.run({"comparisons", "show", "7", "--type", "widgets", "--kind", "changed", "--output", "json"});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  auto changed = object(filtered.out)->getArray("changes");
  ASSERT_EQ(changed->size(), 2u);
  EXPECT_EQ(changed->getObject(0)->getValue<std::string>("key"), "w-1");
  EXPECT_EQ(changed->getObject(1)->getValue<std::string>("key"), "w-2");
  auto one = cli_.run({"comparisons", "show", "7", "--kind", "removed", "--limit", "1", "--output", "json"});
  auto removed = object(one.out)->getArray("changes");
  ASSERT_EQ(removed->size(), 1u);
  EXPECT_EQ(removed->getObject(0)->getValue<std::string>("type"), "gadgets");

  auto readable = cli_.run({"comparisons", "show", "7"});
  ASSERT_EQ(readable.exit_code, 0) << readable.err;
  EXPECT_THAT(readable.out, AllOf(HasSubstr("comparison 7: prod -> staging"), HasSubstr("completed, 4 differences"),
                                  HasSubstr("UNCHANGED"), HasSubstr("widgets"), HasSubstr("gadgets"),
                                  HasSubstr("Widget 1"), HasSubstr("g-old")));
  auto none = cli_.run({"comparisons", "show", "7", "--type", "sprockets"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_THAT(none.out, HasSubstr("no recorded changes match the filter"));

  auto bad_kind = cli_.run({"comparisons", "show", "7", "--kind", "moved"});
  EXPECT_EQ(bad_kind.exit_code, 2);
  EXPECT_THAT(bad_kind.err, HasSubstr("--kind: 'moved' is not a kind of change"));
  auto bad_limit = cli_.run({"comparisons", "show", "7", "--limit", "5000"});
  EXPECT_EQ(bad_limit.exit_code, 2);
  EXPECT_THAT(bad_limit.err, HasSubstr("--limit: must be between 1 and 1000"));
}

TEST_F(ComparisonsCliTest, DeleteNeedsConfirmationThenRemovesTheComparisonAndItsChanges) {
  connect_two();
  finished_comparison(7);
  finished_comparison(8);
  auto refused = cli_.run({"comparisons", "delete", "7"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--yes"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM comparison_changes WHERE comparison_id = 7"), "4");

  auto deleted = cli_.run({"comparisons", "delete", "7", "--yes"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_THAT(deleted.out, HasSubstr("deleted comparison 7"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM comparisons WHERE id = 7"), "0");
  EXPECT_EQ(count("SELECT COUNT(*) FROM comparison_changes WHERE comparison_id = 7"), "0");
  EXPECT_EQ(count("SELECT COUNT(*) FROM comparison_changes WHERE comparison_id = 8"), "4");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'comparison.delete' AND target_id = '7'"), "1");
  auto again = cli_.run({"comparisons", "show", "7"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("no comparison 7"));

  // Deleting a connection takes the comparisons naming it (and their changes).
  auto gone = cli_.run({"connections", "delete", "staging", "--yes"});
  ASSERT_EQ(gone.exit_code, 0) << gone.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM comparisons"), "0");
  EXPECT_EQ(count("SELECT COUNT(*) FROM comparison_changes"), "0");
}

TEST_F(ComparisonsCliTest, HelpListsTheSubcommandsAndTheirOptions) {
  for (const auto& line : std::vector<std::vector<std::string>>{
           {"comparisons", "--help"}, {"comparisons", "list", "--help"}, {"comparisons", "show", "-h"},
           {"comparisons", "delete", "--help"}}) {
    auto result = cli_.run(line);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("usage: hsdeploy")) << line.back();
    EXPECT_EQ(result.err, "");
  }
  auto show = cli_.run({"comparisons", "show", "--help"});
  EXPECT_THAT(show.out, AllOf(HasSubstr("--type T"), HasSubstr("--kind K"), HasSubstr("--limit N")));
  auto top = cli_.run({"--help"});
  EXPECT_THAT(top.out, HasSubstr("comparisons list"));
}

}  // namespace
