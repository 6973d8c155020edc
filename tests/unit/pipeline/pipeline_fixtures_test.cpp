// One fixture per validation error: each bad file must produce exactly one error, at the
// expected line and column, whose text contains the expected key path and explanation.
// Good fixtures must produce none.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "hsd/engine/pipeline.hpp"
#include "test_catalog.hpp"

namespace hsd::engine {
namespace {

const std::filesystem::path kFixtures = HSD_PIPELINE_FIXTURES;

struct BadCase {
  const char* file;
  int line;
  int column;
  const char* fragment;  // expected after "FILE:LINE:COLUMN: "
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.file; }

std::string all_messages(const std::vector<Error>& errors) {
  std::string text;
  for (const auto& error : errors) text += error.message + "\n";
  return text;
}

class BadFixture : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadFixture, ReportsOneErrorAtItsPosition) {
  const BadCase& c = GetParam();
  const auto path = kFixtures / "bad" / (std::string(c.file) + ".yaml");
  const auto catalog = test::make_test_catalog();
  const auto errors = check_pipeline_file(path, catalog);
  ASSERT_EQ(errors.size(), 1u) << all_messages(errors);
  const std::string prefix =
      path.string() + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": ";
  const std::string& message = errors.front().message;
  EXPECT_EQ(message.rfind(prefix, 0), 0u) << message;
  EXPECT_NE(message.find(c.fragment), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line per error";
  EXPECT_EQ(exit_code_for(errors.front()), 2);
}

INSTANTIATE_TEST_SUITE_P(
    Validation, BadFixture,
    ::testing::Values(
        BadCase{"yaml_syntax", 5, 25, "document: YAML syntax error"},
        BadCase{"unknown_top_key", 2, 1,
                "stages: unknown key; allowed: name, description, for, steps, on_error"},
        BadCase{"unknown_kind", 3, 6, "for: 'vcs' is not a kind of connection; allowed: source, vcs_target"},
        BadCase{"unknown_step_key", 6, 5,
                "steps[0].args: unknown key; allowed: id, uses, with, when, retry, timeout, on_error"},
        BadCase{"unknown_retry_key", 6, 27,
                "steps[0].retry.delay: unknown key; allowed: attempts, backoff"},
        BadCase{"missing_name", 1, 1, "name: missing required key"},
        BadCase{"missing_steps", 1, 1, "steps: missing required key"},
        BadCase{"missing_uses", 3, 5, "steps[0].uses: missing required key"},
        BadCase{"missing_id", 3, 5, "steps[0].id: missing required key"},
        BadCase{"empty_steps", 2, 8, "steps: expected a non-empty list of steps, got an empty list"},
        BadCase{"name_mismatch", 1, 7,
                "name: 'other' does not match the file name; expected 'name_mismatch'"},
        BadCase{"wrong_type_with", 5, 11, "steps[0].with: expected a mapping of parameters"},
        BadCase{"wrong_type_when", 6, 11, "steps[0].when: expected a string, got a list"},
        BadCase{"wrong_type_name", 1, 7, "name: expected a string, got a list"},
        BadCase{"wrong_type_steps", 2, 8, "steps: expected a non-empty list of steps, got a scalar"},
        BadCase{"bad_duration", 6, 14, "steps[0].timeout: bad duration '5 minutes'"},
        BadCase{"bad_backoff", 6, 36, "steps[0].retry.backoff: bad duration 'fast'"},
        BadCase{"bad_retry_attempts", 6, 12,
                "steps[0].retry: bad retry: attempts must be an integer from 1 to 10, got '11'"},
        BadCase{"bad_retry_type", 6, 12,
                "steps[0].retry: bad retry: expected a number of attempts or a mapping, got a list"},
        BadCase{"duplicate_id", 6, 9, "steps[1].id: duplicate step id 'a' (first at line 3)"},
        BadCase{"duplicate_id_in_handler", 7, 13,
                "steps[0].on_error[0].id: duplicate step id 'a' (first at line 3)"},
        BadCase{"bad_id", 3, 9, "steps[0].id: bad step id 'Fetch-1'"},
        BadCase{"bad_uses", 4, 11, "steps[0].uses: bad uses 'log'; expected <plugin>.<action>"},
        BadCase{"unknown_plugin", 4, 11,
                "steps[0].uses: unknown plugin 'nope'; allowed: engine, fakesrc, fakevcs, tools"},
        BadCase{"unknown_action", 4, 11,
                "steps[0].uses: unknown action 'explode' for plugin 'engine'; allowed: "
                "activate_snapshot, delete_connection, discard_snapshot, ensure_fresh_credentials, "
                "fail_comparison, finish_backup, log, open_snapshot, prepare_backup, run_comparison, "
                "save_connection, save_credentials, save_repository_status, set_status"},
        BadCase{"unknown_connection_action", 4, 11,
                "steps[0].uses: unknown action 'explode': no connection plugin (fakesrc, fakevcs) "
                "offers it; allowed: connect, list_repos, refresh, retrieve, revoke"},
        BadCase{"unknown_param", 5, 28,
                "steps[0].with.state: unknown parameter 'state' for engine.set_status; allowed: "
                "code, detail, status"},
        BadCase{"unknown_connection_param", 5, 13,
                "steps[0].with.kinds: unknown parameter 'kinds' for "
                "${connection.plugin}.retrieve; allowed: types"},
        BadCase{"missing_param", 3, 5,
                "steps[0].with: missing required parameter 'status' for engine.set_status"},
        BadCase{"bad_param_integer", 5, 16,
                "steps[0].with.n: bad parameter type: expected integer, got \"abc\""},
        BadCase{"bad_param_number", 5, 26,
                "steps[0].with.ratio: bad parameter type: expected number, got \"fast\""},
        BadCase{"bad_param_boolean", 5, 25,
                "steps[0].with.flag: bad parameter type: expected boolean, got \"maybe\""},
        BadCase{"bad_param_list", 5, 26,
                "steps[0].with.names: bad parameter type: expected string_list, got \"abc\""},
        BadCase{"bad_param_object", 5, 26,
                "steps[0].with.extra: bad parameter type: expected object, got a list"},
        BadCase{"unknown_step_ref", 5, 22,
                "steps[0].with.message: reference ${steps.nope.output.x}: unknown step 'nope'"},
        BadCase{"forward_ref", 5, 22,
                "steps[0].with.message: reference ${steps.b.output.x}: step 'b' does not run "
                "before this step (cycle)"},
        BadCase{"self_ref", 5, 22,
                "reference ${steps.a.output.x}: step 'a' does not run before this step (cycle)"},
        BadCase{"error_outside_on_error", 5, 22,
                "steps[0].with.message: reference ${error.message}: ${error.*} is only available "
                "inside on_error steps"},
        BadCase{"unknown_ref_root", 5, 22,
                "reference ${secrets.token}: unknown reference root 'secrets'; allowed: "
                "connection, params, steps, error"},
        BadCase{"bad_when", 6, 11,
                "steps[0].when: bad `when` expression: expected an operand, found the end at "
                "character 15"},
        BadCase{"bad_reference_syntax", 5, 22, "steps[0].with.message: unterminated reference"},
        BadCase{"bad_on_error", 6, 15,
                "steps[0].on_error: expected `continue` or a non-empty list of steps, got 'ignore'"},
        BadCase{"duplicate_key", 5, 5, "steps[0].uses: duplicate key (first at line 4)"},
        BadCase{"unknown_error_field", 8, 22,
                "on_error[0].with.message: reference ${error.stack}: unknown error field; "
                "allowed: code, message, step"},
        BadCase{"steps_ref_without_output", 8, 22,
                "steps[1].with.message: reference ${steps.a.value}: expected "
                "${steps.<id>.output}"},
        BadCase{"handler_on_error_key", 10, 9,
                "steps[0].on_error[0].on_error: unknown key; allowed: id, uses, with, when, retry, "
                "timeout"},
        BadCase{"not_a_mapping", 1, 1, "document: expected a mapping, got a list"},
        BadCase{"empty_file", 1, 1, "document: empty file"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.file); });

TEST(BadFixtures, EveryFileHasACase) {
  // A fixture added without a table row would silently test nothing.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures / "bad")) {
    files += entry.path().extension() == ".yaml" ? 1 : 0;
  }
  EXPECT_EQ(files, 48u);
}

TEST(BadFixtures, AllErrorsOfAFileAreCollected) {
  const auto catalog = test::make_test_catalog();
  const auto errors = check_pipeline_file(kFixtures / "many_errors.yaml", catalog);
  const std::string text = all_messages(errors);
  ASSERT_EQ(errors.size(), 5u) << text;
  EXPECT_NE(text.find("name: 'wrong' does not match"), std::string::npos) << text;
  EXPECT_NE(text.find("steps[0].colour: unknown key"), std::string::npos) << text;
  EXPECT_NE(text.find("steps[0].timeout: bad duration"), std::string::npos) << text;
  EXPECT_NE(text.find("steps[1].uses: unknown plugin 'nope'"), std::string::npos) << text;
  EXPECT_NE(text.find("steps[2].with: missing required parameter 'status'"), std::string::npos)
      << text;
}

TEST(BadFixtures, ErrorDetailsCarryThePosition) {
  const auto catalog = test::make_test_catalog();
  const auto errors = check_pipeline_file(kFixtures / "bad" / "unknown_param.yaml", catalog);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].details_json.find("\"line\":5"), std::string::npos) << errors[0].details_json;
  EXPECT_NE(errors[0].details_json.find("\"column\":28"), std::string::npos);
  EXPECT_NE(errors[0].details_json.find("\"path\":\"steps[0].with.state\""), std::string::npos);
}

TEST(BadFixtures, LoadPipelineJoinsStructuralErrors) {
  auto loaded = load_pipeline(kFixtures / "many_errors.yaml");
  ASSERT_FALSE(loaded.ok());
  // Structure only: the catalog checks (unknown plugin, missing parameter) are not load's job.
  EXPECT_EQ(std::count(loaded.error().message.begin(), loaded.error().message.end(), '\n'), 2);
  EXPECT_NE(loaded.error().details_json.find("\"errors\""), std::string::npos);
}

TEST(BadFixtures, UnreadableFileIsNotFound) {
  auto loaded = load_pipeline(kFixtures / "does_not_exist.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::not_found);
  EXPECT_NE(loaded.error().message.find("does_not_exist.yaml: cannot read"), std::string::npos);
}

TEST(GoodFixtures, ValidateWithoutErrors) {
  const auto catalog = test::make_test_catalog();
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures / "good")) {
    ++files;
    EXPECT_EQ(all_messages(check_pipeline_file(entry.path(), catalog)), "") << entry.path();
  }
  EXPECT_GE(files, 2u);
}

TEST(GoodFixtures, FullFileIsReadIntoTheModel) {
  auto loaded = load_pipeline(kFixtures / "good" / "full.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const Pipeline& p = *loaded;
  EXPECT_EQ(p.name, "full");
  EXPECT_EQ(p.description, "Every feature of the pipeline format");
  ASSERT_EQ(p.steps.size(), 5u);

  const Step& status = p.steps[0];
  EXPECT_EQ(status.id, "status");
  EXPECT_EQ(status.plugin, "engine");
  EXPECT_EQ(status.action, "set_status");
  EXPECT_FALSE(status.plugin_from_connection);
  EXPECT_EQ(status.location.line, 4);
  EXPECT_EQ(status.location.column, 5);
  EXPECT_EQ(status.uses_location.line, 5);
  EXPECT_EQ(status.uses_location.column, 11);
  ASSERT_TRUE(status.with.has_value());
  ASSERT_EQ(status.with->fields.size(), 1u);
  EXPECT_EQ(status.with->fields[0].key, "status");
  EXPECT_EQ(status.with->fields[0].value.scalar, "in_progress");
  EXPECT_EQ(status.retry.attempts, 3u);
  EXPECT_EQ(status.retry.backoff, std::chrono::milliseconds(500));
  EXPECT_EQ(status.timeout, std::chrono::milliseconds(30000));

  const Step& fetch = p.steps[1];
  EXPECT_TRUE(fetch.plugin_from_connection);
  EXPECT_EQ(fetch.plugin, "");
  EXPECT_EQ(fetch.action, "retrieve");
  EXPECT_EQ(fetch.retry.attempts, 2u);
  EXPECT_EQ(fetch.retry.backoff, std::chrono::seconds(1));  // the default
  EXPECT_EQ(fetch.timeout, std::chrono::minutes(5));
  EXPECT_EQ(fetch.on_error_policy, ErrorPolicy::continue_pipeline);

  const Step& connect = p.steps[2];
  EXPECT_TRUE(connect.with_is_passthrough());
  EXPECT_EQ(connect.timeout, std::chrono::seconds(90));  // integer seconds
  EXPECT_EQ(connect.on_error_policy, ErrorPolicy::run_handlers);
  ASSERT_EQ(connect.on_error.size(), 2u);
  EXPECT_EQ(connect.on_error[0].id, "connect_failed");
  EXPECT_EQ(connect.on_error[0].path, "steps[2].on_error[0]");

  EXPECT_TRUE(p.steps[3].when.has_value());
  EXPECT_EQ(p.steps[4].timeout, std::chrono::hours(1));

  ASSERT_EQ(p.on_error.size(), 2u);
  EXPECT_EQ(p.on_error[0].id, "on_error_1");
  EXPECT_TRUE(p.on_error[0].id_generated);
  EXPECT_EQ(p.on_error[1].id, "report");
  EXPECT_FALSE(p.on_error[1].id_generated);
  EXPECT_EQ(p.find_step("connect_failed"), &connect.on_error[0]);
  EXPECT_EQ(p.find_step("on_error_1"), &p.on_error[0]);
  EXPECT_EQ(p.find_step("nope"), nullptr);
}

}  // namespace
}  // namespace hsd::engine
