// The real hsdeploy binary, end to end with the SDK's example source plugin on SQLite:
// connect, retrieve, metadata, rename and delete, and the bad forms of each input.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "cli_runner.hpp"

namespace {

using hsd::testing::CliResult;
using hsd::testing::CliRunner;
using ::testing::AllOf;
using ::testing::HasSubstr;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr object(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}
Array::Ptr array(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Array::Ptr>();
}

class CliTest : public ::testing::Test {
 protected:
  CliTest() : cli_(::testing::UnitTest::GetInstance()->current_test_info()->name()) {}

  // Connects the echo account "demo" and returns the connection's JSON.
  Object::Ptr connect(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"connect", "echo_source", "--token", "echo-demo", "--label", "Demo", "--output", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = cli_.run(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return object(result.out);
  }

  CliResult retrieve(const std::vector<std::string>& params = {}) {
    std::vector<std::string> args{"run", "retrieve", "--connection", "Demo", "--output", "json"};
    for (const auto& p : params) {
      args.push_back("--param");
      args.push_back(p);
    }
    return cli_.run(args);
  }

  Array::Ptr metadata(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"metadata", "list", "--connection", "Demo", "--output", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = cli_.run(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return array(result.out);
  }

  Object::Ptr show_connection(const std::string& ref) {
    auto result = cli_.run({"connections", "show", ref, "--output", "json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return object(result.out);
  }

  CliRunner cli_;
};

TEST_F(CliTest, PluginsListShowsTheExampleAndTheStoragePlugin) {
  auto result = cli_.run({"plugins", "list", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto plugins = array(result.out);
  std::map<std::string, std::string> kinds;
  for (size_t i = 0; i < plugins->size(); ++i) {
    auto p = plugins->getObject(static_cast<unsigned>(i));
    kinds[p->getValue<std::string>("name")] = p->getValue<std::string>("kind");
  }
  EXPECT_EQ(kinds["echo_source"], "source");
  EXPECT_EQ(kinds["sqlite"], "storage");
}

TEST_F(CliTest, ConnectStoresAPendingConnectionWithSealedCredentials) {
  auto connection = connect();
  EXPECT_EQ(connection->getValue<std::string>("label"), "Demo");
  EXPECT_EQ(connection->getValue<std::string>("account_id"), "demo");
  EXPECT_EQ(connection->getValue<std::string>("plugin"), "echo_source");
  EXPECT_EQ(connection->getValue<std::string>("status"), "pending");
  EXPECT_EQ(connection->getValue<std::string>("auth_type"), "private_app");
  // The token is stored sealed: the database file never holds it in clear.
  std::ifstream db(cli_.dir() / "var" / "hsdeploy.db", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find("echo-demo"), std::string::npos);
}

TEST_F(CliTest, ConnectingTheSameAccountAgainUpdatesTheConnection) {
  auto first = connect();
  auto second = cli_.run({"connect", "echo_source", "--token", "echo-demo", "--output", "json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(object(second.out)->getValue<int>("id"), first->getValue<int>("id"));
  auto list = cli_.run({"connections", "list", "--output", "json"});
  EXPECT_EQ(array(list.out)->size(), 1u);
}

TEST_F(CliTest, ARefusedTokenStoresNothing) {
  auto result = cli_.run({"connect", "echo_source", "--token", "not-an-echo-token"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("The token was refused"));
  EXPECT_EQ(result.err.find("not-an-echo-token"), std::string::npos) << "the token leaked: " << result.err;
  auto list = cli_.run({"connections", "list", "--output", "json"});
  EXPECT_EQ(array(list.out)->size(), 0u);
}

TEST_F(CliTest, ConnectRejectsBadOptionsNamingThem) {
  auto unknown = cli_.run({"connect", "echo_source", "--tokn", "echo-x"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, AllOf(HasSubstr("--tokn"), HasSubstr("--token")));
  auto bad_type = cli_.run({"connect", "echo_source", "--token", "echo-x", "--expires-in", "soon"});
  EXPECT_EQ(bad_type.exit_code, 2);
  EXPECT_THAT(bad_type.err, HasSubstr("--expires-in: 'soon' is not an integer"));
  auto bad_plugin = cli_.run({"connect", "nope", "--token", "x"});
  EXPECT_EQ(bad_plugin.exit_code, 2);
  EXPECT_THAT(bad_plugin.err, AllOf(HasSubstr("'nope'"), HasSubstr("echo_source")));
  auto missing = cli_.run({"connect", "echo_source"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("token"));
}

TEST_F(CliTest, RetrieveStoresEveryObjectByteForByte) {
  connect();
  auto run = retrieve({"count=7"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto summary = object(run.out);
  EXPECT_TRUE(summary->getValue<bool>("ok"));
  EXPECT_EQ(summary->getObject("objects")->getValue<int>("widgets"), 7);
  EXPECT_EQ(summary->getObject("connection")->getValue<std::string>("status"), "completed");
  EXPECT_EQ(metadata()->size(), 14u);
  EXPECT_EQ(metadata({"--type", "gadgets"})->size(), 7u);
  EXPECT_EQ(metadata({"--limit", "3"})->size(), 3u);

  auto shown = cli_.run({"metadata", "show", "--connection", "Demo", "widgets", "widgets-2"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  // The plugin's exact bytes: its spacing, escapes and number formats survive.
  EXPECT_EQ(shown.out,
            "{\"id\":\"widgets-2\",\"label\":\"Widget 2 \\\"ü/✓\\\"\\n🚀\",\"revision\":1,"
            "\"options\":[1, 2.50, true, null]}\n");
}

TEST_F(CliTest, MetadataTypesListsTheDeclaredTypesWithTheirCounts) {
  connect();
  // Before any retrieval: every declared type, none counted, and no time.
  auto before = cli_.run({"metadata", "types", "--connection", "Demo", "--output", "json"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  auto empty = object(before.out);
  EXPECT_TRUE(empty->isNull("retrieved_at"));
  ASSERT_EQ(empty->getArray("types")->size(), 2u);
  EXPECT_EQ(empty->getArray("types")->getObject(0)->getValue<int>("count"), 0);
  auto text = cli_.run({"metadata", "types", "--connection", "Demo"});
  EXPECT_THAT(text.out, HasSubstr("No retrieval has finished yet."));

  ASSERT_EQ(retrieve({"count=3"}).exit_code, 0);
  auto after = cli_.run({"metadata", "types", "--connection", "Demo", "--output", "json"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  auto view = object(after.out);
  EXPECT_FALSE(view->isNull("retrieved_at"));
  auto types = view->getArray("types");
  ASSERT_EQ(types->size(), 2u);
  // The plugin's order, and (with no manifest labels) the type as its label.
  EXPECT_EQ(types->getObject(0)->getValue<std::string>("type"), "widgets");
  EXPECT_EQ(types->getObject(0)->getValue<std::string>("label"), "widgets");
  EXPECT_EQ(types->getObject(0)->getValue<int>("count"), 3);
  EXPECT_EQ(types->getObject(1)->getValue<std::string>("type"), "gadgets");
  EXPECT_EQ(types->getObject(1)->getValue<int>("count"), 3);
  auto table = cli_.run({"metadata", "types", "--connection", "Demo"});
  EXPECT_THAT(table.out, AllOf(HasSubstr("TYPE"), HasSubstr("LABEL"), HasSubstr("COUNT"), HasSubstr("widgets")));
  EXPECT_THAT(table.out, ::testing::Not(HasSubstr("No retrieval")));
  auto unknown = cli_.run({"metadata", "types", "--connection", "Nobody"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("Nobody"));
}

TEST_F(CliTest, AFailedRetrievalKeepsThePreviousSnapshot) {
  connect();
  ASSERT_EQ(retrieve({"count=5"}).exit_code, 0);
  auto before = metadata();
  auto failed = retrieve({"count=5", "revision=2", "fail_after=3"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_THAT(failed.err, HasSubstr("simulated failure after 3 objects"));
  auto connection = show_connection("Demo");
  EXPECT_EQ(connection->getValue<std::string>("status"), "error");
  EXPECT_THAT(connection->getValue<std::string>("status_detail"), HasSubstr("simulated failure"));
  auto after = metadata();
  ASSERT_EQ(after->size(), before->size());
  for (size_t i = 0; i < after->size(); ++i) {
    EXPECT_EQ(after->getObject(static_cast<unsigned>(i))->getValue<std::string>("hash"),
              before->getObject(static_cast<unsigned>(i))->getValue<std::string>("hash"));
  }
  auto shown = cli_.run({"metadata", "show", "--connection", "Demo", "widgets", "widgets-1"});
  EXPECT_THAT(shown.out, HasSubstr("\"revision\":1"));
}

TEST_F(CliTest, ASecondRetrievalReplacesTheSnapshot) {
  connect();
  ASSERT_EQ(retrieve({"count=4"}).exit_code, 0);
  ASSERT_EQ(retrieve({"count=2", "revision=3"}).exit_code, 0);
  EXPECT_EQ(metadata()->size(), 4u);
  auto shown = cli_.run({"metadata", "show", "--connection", "Demo", "gadgets", "gadgets-2", "--output", "json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(object(shown.out)->getObject("data")->getValue<int>("revision"), 3);
  auto gone = cli_.run({"metadata", "show", "--connection", "Demo", "gadgets", "gadgets-3"});
  EXPECT_EQ(gone.exit_code, 2);
  EXPECT_THAT(gone.err, HasSubstr("gadgets-3"));
}

TEST_F(CliTest, AnExpiringTokenIsRefreshedBeforeTheRetrieval) {
  auto connection = connect({"--expires-in", "60"});
  const auto expires_before = connection->getValue<std::string>("token_expires_at");
  auto run = retrieve();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto after = show_connection("Demo");
  EXPECT_GT(after->getValue<std::string>("token_expires_at"), expires_before);
}

TEST_F(CliTest, ARevokedRefreshTokenPutsTheConnectionInError) {
  auto result = cli_.run({"connect", "echo_source", "--token", "echo-revoked", "--label", "Demo", "--expires-in", "10"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto run = retrieve();
  EXPECT_EQ(run.exit_code, 1);
  auto connection = show_connection("Demo");
  EXPECT_EQ(connection->getValue<std::string>("status"), "error");
  EXPECT_EQ(connection->getValue<std::string>("status_detail"), "Token refresh failed: reconnect the echo account");
  EXPECT_EQ(connection->getValue<std::string>("status_code"), "reauth_required");
}

TEST_F(CliTest, RenameChangesTheLabelAndRefusesATakenOne) {
  auto demo = connect();
  ASSERT_EQ(cli_.run({"connect", "echo_source", "--token", "echo-other", "--label", "Other"}).exit_code, 0);
  auto renamed = cli_.run({"connections", "rename", "Demo", "Production", "--output", "json"});
  ASSERT_EQ(renamed.exit_code, 0) << renamed.err;
  EXPECT_EQ(object(renamed.out)->getValue<std::string>("label"), "Production");
  auto taken = cli_.run({"connections", "rename", "Production", "Other"});
  EXPECT_EQ(taken.exit_code, 2);
  EXPECT_THAT(taken.err, HasSubstr("'Other' is already used"));
  EXPECT_EQ(show_connection(std::to_string(demo->getValue<int>("id")))->getValue<std::string>("label"), "Production");
  auto empty = cli_.run({"connections", "rename", "Production", ""});
  EXPECT_EQ(empty.exit_code, 2);
}

TEST_F(CliTest, DeleteNeedsConfirmationThenRemovesEverything) {
  connect();
  ASSERT_EQ(retrieve().exit_code, 0);
  auto refused = cli_.run({"connections", "delete", "Demo"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--yes"));
  EXPECT_EQ(metadata()->size(), 20u);
  auto deleted = cli_.run({"connections", "delete", "Demo", "--yes"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  auto list = cli_.run({"connections", "list", "--output", "json"});
  EXPECT_EQ(array(list.out)->size(), 0u);
  auto gone = cli_.run({"metadata", "list", "--connection", "Demo"});
  EXPECT_EQ(gone.exit_code, 2);
  EXPECT_THAT(gone.err, HasSubstr("connection 'Demo' not found"));
}

TEST_F(CliTest, UnknownConnectionsAndCommandsAreUsageErrors) {
  auto unknown = cli_.run({"connections", "show", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("'nope' not found"));
  auto command = cli_.run({"frobnicate"});
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_THAT(command.err, HasSubstr("unknown command 'frobnicate'"));
  auto sub = cli_.run({"repos", "frobnicate"});
  EXPECT_EQ(sub.exit_code, 2);
  EXPECT_THAT(sub.err, AllOf(HasSubstr("unknown subcommand 'frobnicate'"), HasSubstr("available")));
  auto backups = cli_.run({"backups", "run"});
  EXPECT_EQ(backups.exit_code, 2);
  EXPECT_THAT(backups.err, HasSubstr("give a backup ID or --source X"));
  auto pipeline = cli_.run({"run", "nope", "--connection", "Demo"});
  EXPECT_EQ(pipeline.exit_code, 2);
  EXPECT_THAT(pipeline.err, AllOf(HasSubstr("'nope'"), HasSubstr("retrieve")));
  auto output = cli_.run({"plugins", "list", "--output", "yaml"});
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, HasSubstr("--output"));
}

TEST_F(CliTest, ABadConfigurationNamesTheFileAndLineAndChangesNothing) {
  connect();
  {
    std::ofstream config(cli_.config_file(), std::ios::app);
    config << "storag: { plugin: sqlite }\n";
  }
  auto result = cli_.run({"connections", "list"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, AllOf(HasSubstr(cli_.config_file().string() + ":5:1"), HasSubstr("storag")));
  auto env = cli_.run({"connections", "list"}, {{"HSD_STORAGE_PATHH", "x"}});
  EXPECT_EQ(env.exit_code, 2);
}

TEST_F(CliTest, PipelinesValidateReportsFileLineAndColumn) {
  const auto bad = cli_.dir() / "retrieve.yaml";
  std::ofstream(bad) << "name: retrieve\nsteps:\n  - id: fetch\n    uses: ${connection.plugin}.fly\n";
  auto result = cli_.run({"pipelines", "validate", bad.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, AllOf(HasSubstr(bad.string() + ":4:11"), HasSubstr("fly")));
  auto good = cli_.run({"pipelines", "validate"});
  EXPECT_EQ(good.exit_code, 0) << good.err;
}

// Every verb and subcommand answers --help (and -h) on stdout with exit 0, without a database.
TEST_F(CliTest, HelpOnEveryVerbAndSubcommandExitsZeroAndStoresNothing) {
  const std::vector<std::vector<std::string>> lines = {
      {"--help"},
      {"plugins", "--help"},        {"plugins", "list", "--help"},
      {"pipelines", "--help"},      {"pipelines", "validate", "-h"},
      {"connect", "--help"},        {"connect", "echo_source", "--help"},
      {"connections", "--help"},    {"connections", "list", "--help"},  {"connections", "delete", "-h"},
      {"run", "--help"},            {"metadata", "--help"},             {"metadata", "show", "--help"},
      {"serve", "--help"},          {"admin", "--help"},                {"admin", "bootstrap", "--help"}, {"admin", "reset-password", "-h"},
      {"tokens", "--help"},         {"tokens", "revoke", "--help"},     {"repos", "--help"},
      {"repos", "add", "--help"},   {"backups", "--help"},              {"backups", "add", "-h"},
  };
  for (const auto& line : lines) {
    auto result = cli_.run(line);
    std::string words;
    for (const auto& word : line) words += word + " ";
    EXPECT_EQ(result.exit_code, 0) << words << result.err;
    EXPECT_THAT(result.out, HasSubstr("usage: hsdeploy")) << words;
    EXPECT_EQ(result.err, "") << words;
  }
  auto add = cli_.run({"repos", "add", "--help"});
  EXPECT_THAT(add.out, AllOf(HasSubstr("usage: hsdeploy repos add --connection X OWNER/NAME"),
                             HasSubstr("--connection ID|LABEL"), HasSubstr("--branch B"), HasSubstr("(required)")));
  auto group = cli_.run({"connections", "--help"});
  EXPECT_THAT(group.out, AllOf(HasSubstr("connections list"), HasSubstr("connections rename ID|LABEL NEW_LABEL"),
                               HasSubstr("connections delete")));
  // connect's options are the plugin's declared connect parameters, with their descriptions.
  auto connect = cli_.run({"connect", "echo_source", "--help"});
  EXPECT_THAT(connect.out, AllOf(HasSubstr("--token VALUE"), HasSubstr("An access token: echo-<account>"),
                                 HasSubstr("--expires-in N"), HasSubstr("--label L"), HasSubstr("--workspace W")));
  auto list = cli_.run({"connections", "list", "--output", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(array(list.out)->size(), 0u);
}

TEST_F(CliTest, VersionNamesTheProjectVersionAndThePluginAbiAnywhereOnTheLine) {
  for (const auto& line : std::vector<std::vector<std::string>>{{"--version"}, {"connections", "list", "--version"}}) {
    auto result = cli_.run(line);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, std::string("hsdeploy ") + HSD_PROJECT_VERSION + " (plugin ABI 1.4)\n");
  }
}

// Each bad form: exit 2, one line naming the option and what is allowed, nothing changed.
TEST_F(CliTest, BadFormsExitTwoWithOneLineNamingTheOptionAndChangeNothing) {
  connect();
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"connections", "list", "--yes"}, {"unknown option '--yes'", "allowed: --workspace, --help"}},
      {{"connections", "list", "--work", "default"}, {"unknown option '--work'"}},  // no abbreviations
      {{"connections", "delete", "Demo", "--yes=1"}, {"--yes takes no value"}},
      {{"connections", "rename", "Demo", "--workspace"}, {"--workspace needs a value"}},
      {{"connections", "show"}, {"missing arguments", "usage: hsdeploy connections show ID|LABEL"}},
      {{"connections", "list", "extra"}, {"unexpected argument 'extra'"}},
      {{"connections"}, {"connections: name a subcommand", "allowed: list, show, snapshots, rename, delete"}},
      {{"run", "retrieve"}, {"run: --connection is required"}},
      {{"metadata", "list", "--connection", "Demo", "--limit", "many"}, {"--limit", "'many'"}},
      {{"connect", "echo_source", "--token"}, {"--token needs a value"}},
      {{"connect", "echo_source", "--token", "echo-demo", "--tokn", "x"}, {"unknown option '--tokn'", "--token"}},
      {{"connections", "list", "--output"}, {"--output: allowed values: text, json"}},
      {{"--log-level", "loud", "connections", "list"}, {"--log-level: allowed values: trace"}},
      {{"frobnicate"}, {"unknown command 'frobnicate'"}},
  };
  for (const auto& [line, expected] : cases) {
    auto result = cli_.run(line);
    std::string words;
    for (const auto& word : line) words += word + " ";
    EXPECT_EQ(result.exit_code, 2) << words << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << words << result.err;
    for (const auto& text : expected) EXPECT_THAT(result.err, HasSubstr(text)) << words;
    EXPECT_EQ(result.out, "") << words;
  }
  // A mistyped option is named without what followed its '=', which may be a secret.
  auto typo = cli_.run({"connect", "echo_source", "--tokn=echo-typo-secret"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.err, HasSubstr("unknown option '--tokn'"));
  EXPECT_EQ(typo.err.find("echo-typo-secret"), std::string::npos) << typo.err;
  auto list = cli_.run({"connections", "list", "--output", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  ASSERT_EQ(array(list.out)->size(), 1u);
  EXPECT_EQ(array(list.out)->getObject(0)->getValue<std::string>("label"), "Demo");
}

TEST_F(CliTest, GlobalOptionsStandAnywhereAndValuesFollowASpaceOrAnEqualsSign) {
  connect();
  for (const auto& line : std::vector<std::vector<std::string>>{
           {"--output", "json", "connections", "list"},
           {"connections", "--output=json", "list"},
           {"connections", "list", "--workspace=default", "--output", "json"},
           {"--config", cli_.config_file().string(), "connections", "list", "--output=json"}}) {
    auto result = cli_.run(line);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(array(result.out)->size(), 1u);
  }
}

}  // namespace

