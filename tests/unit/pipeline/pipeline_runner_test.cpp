#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "fake_executor.hpp"
#include "hsd/engine/pipeline.hpp"
#include "test_catalog.hpp"

namespace hsd::engine {
namespace {

using std::chrono::milliseconds;
using Strings = std::vector<std::string>;

Poco::JSON::Object::Ptr parse_object(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

class RunnerTest : public ::testing::Test {
 protected:
  RunnerTest() : catalog_(test::make_test_catalog()), executor_(catalog_) {
    options_.sleep = [this](milliseconds wait) { sleeps_.push_back(wait); };
    options_.now = [this] { return clock_; };
  }

  // Parses and validates inline YAML; tests only run pipelines that pass validation.
  Pipeline load(const std::string& name, const std::string& yaml) {
    auto parsed = parse_pipeline(yaml, "inline/" + name + ".yaml");
    std::string problems;
    for (const auto& e : parsed.errors) problems += e.message + "\n";
    for (const auto& e : validate_pipeline(parsed.pipeline, catalog_)) problems += e.message + "\n";
    EXPECT_EQ(problems, "");
    return parsed.pipeline;
  }

  RunReport run(const Pipeline& pipeline, RunInputs inputs = {},
                const std::function<bool()>& cancelled = {}) {
    return run_pipeline(pipeline, inputs, executor_, cancelled, options_);
  }

  StaticActionCatalog catalog_;
  test::FakeExecutor executor_;
  RunOptions options_;
  std::vector<milliseconds> sleeps_;
  std::chrono::steady_clock::time_point clock_{std::chrono::hours(1)};
};

TEST_F(RunnerTest, RunsStepsInOrderAndKeepsOutputs) {
  auto p = load("order", R"(
name: order
steps:
  - id: first
    uses: engine.open_snapshot
  - id: second
    uses: ${connection.plugin}.retrieve
  - id: third
    uses: engine.activate_snapshot
)");
  executor_.script("first", {std::string(R"({"snapshot_id": 7})")});
  auto report = run(p, {R"({"plugin": "fakesrc"})", "{}"});
  ASSERT_TRUE(report.ok) << report.error->message;
  EXPECT_EQ(executor_.called_ids(), (Strings{"first", "second", "third"}));
  EXPECT_EQ(report.steps_run, (Strings{"first", "second", "third"}));
  EXPECT_TRUE(report.steps_skipped.empty());
  EXPECT_EQ(executor_.calls[0].plugin, "engine");
  EXPECT_EQ(executor_.calls[1].plugin, "fakesrc");  // from the connection
  EXPECT_EQ(executor_.calls[1].action, "retrieve");
  EXPECT_EQ(executor_.calls[1].with_json, "{}");
  EXPECT_EQ(executor_.calls[0].deadline, std::chrono::steady_clock::time_point::max());
  EXPECT_EQ(parse_object(report.outputs.at("first"))->getValue<int>("snapshot_id"), 7);
  EXPECT_EQ(report.outputs.at("second"), "{}");
}

TEST_F(RunnerTest, WhenFalseSkipsAndSkippedOutputsAreNull) {
  auto p = load("when", R"(
name: when
steps:
  - id: token
    uses: engine.ensure_fresh_credentials
  - id: announce
    uses: engine.log
    with: { message: refreshed }
    when: "${steps.token.output.refreshed} == true"
  - id: fallback
    uses: engine.log
    with: { message: "announce said ${steps.announce.output.said}." }
    when: not ${steps.announce.output.said}
  - id: typed
    uses: engine.log
    with: { message: "typed" }
    when: (${params.n} == 5 and ${params.s} == 'x') or ${params.never}
)");
  executor_.script("token", {std::string(R"({"refreshed": false})")});
  auto report = run(p, {"{}", R"({"n": 5, "s": "x"})"});
  ASSERT_TRUE(report.ok);
  EXPECT_EQ(report.steps_skipped, (Strings{"announce"}));
  EXPECT_EQ(report.steps_run, (Strings{"token", "fallback", "typed"}));
  EXPECT_EQ(report.outputs.count("announce"), 0u);
  // A skipped step's output reads as null, which is empty inside text.
  EXPECT_EQ(parse_object(executor_.last_call("fallback")->with_json)->getValue<std::string>("message"),
            "announce said .");
}

TEST_F(RunnerTest, InterpolatesEveryFormWithTypes) {
  auto p = load("interp", R"(
name: interp
steps:
  - id: first
    uses: engine.open_snapshot
  - id: count
    uses: tools.count
    with:
      n: "${params.n}"
      ratio: "${steps.first.output.stats.ratio}"
      flag: "${params.flag}"
      names: ["${connection.plugin}", "${params.n}", literal, "$${kept}"]
      extra: "${steps.first.output.stats}"
      label: "${connection.label} #${connection.id} ${params.flag} ${steps.first.output.stats}"
)");
  executor_.script("first", {std::string(R"({"stats": {"ratio": 0.25, "deep": {"x": 1}}})")});
  auto report = run(p, {R"({"plugin": "fakesrc", "id": 42, "label": "Main portal"})",
                        R"({"n": 12, "flag": true})"});
  ASSERT_TRUE(report.ok) << report.error->message;
  auto with = parse_object(executor_.last_call("count")->with_json);
  EXPECT_TRUE(with->get("n").isInteger());
  EXPECT_EQ(with->getValue<int>("n"), 12);
  EXPECT_DOUBLE_EQ(with->getValue<double>("ratio"), 0.25);
  EXPECT_TRUE(with->get("flag").isBoolean());
  EXPECT_TRUE(with->getValue<bool>("flag"));
  auto names = with->getArray("names");
  ASSERT_EQ(names->size(), 4u);
  EXPECT_EQ(names->getElement<std::string>(0), "fakesrc");
  EXPECT_EQ(names->getElement<std::string>(1), "12");  // string_list items become text
  EXPECT_EQ(names->getElement<std::string>(2), "literal");
  EXPECT_EQ(names->getElement<std::string>(3), "${kept}");
  auto extra = with->getObject("extra");  // an exact reference keeps the object
  ASSERT_TRUE(extra);
  EXPECT_EQ(extra->getObject("deep")->getValue<int>("x"), 1);
  EXPECT_EQ(with->getValue<std::string>("label"),
            R"(Main portal #42 true {"deep":{"x":1},"ratio":0.25})");
}

TEST_F(RunnerTest, PlainScalarsFollowTheParameterType) {
  auto p = load("plain", R"(
name: plain
steps:
  - id: count
    uses: tools.count
    with: { n: 5, ratio: 2, flag: false, label: 007, names: [1.10, x] }
)");
  auto report = run(p);
  ASSERT_TRUE(report.ok) << report.error->message;
  auto with = parse_object(executor_.last_call("count")->with_json);
  EXPECT_EQ(with->getValue<int>("n"), 5);
  EXPECT_FALSE(with->getValue<bool>("flag"));
  EXPECT_EQ(with->getValue<std::string>("label"), "007");  // text as written, not 7
  EXPECT_EQ(with->getArray("names")->getElement<std::string>(0), "1.10");
}

TEST_F(RunnerTest, PassesParamsThroughAndAppliesDefaults) {
  auto p = load("pass", R"(
name: pass
steps:
  - id: connect
    uses: ${connection.plugin}.connect
    with: "${params}"
  - id: save
    uses: engine.save_connection
)");
  auto report = run(p, {R"({"plugin": "fakesrc"})", R"({"private_app_token": "pat-1", "label": "L"})"});
  ASSERT_TRUE(report.ok) << report.error->message;
  auto connect = parse_object(executor_.last_call("connect")->with_json);
  EXPECT_EQ(connect->getValue<std::string>("private_app_token"), "pat-1");
  EXPECT_EQ(connect->getValue<std::string>("label"), "L");
  auto save = parse_object(executor_.last_call("save")->with_json);
  EXPECT_EQ(save->getValue<std::string>("from_step"), "connect");  // the declared default
}

TEST_F(RunnerTest, NullReferenceLeavesAnOptionalParameterOut) {
  auto p = load("nulls", R"(
name: nulls
steps:
  - id: fetch
    uses: ${connection.plugin}.retrieve
    with: { types: "${params.types}" }
)");
  auto without = run(p, {R"({"plugin": "fakesrc"})", "{}"});
  ASSERT_TRUE(without.ok);
  EXPECT_EQ(executor_.last_call("fetch")->with_json, "{}");
  auto with = run(p, {R"({"plugin": "fakesrc"})", R"({"types": ["forms", "workflows"]})"});
  ASSERT_TRUE(with.ok);
  EXPECT_EQ(executor_.last_call("fetch")->with_json, R"({"types":["forms","workflows"]})");
}

TEST_F(RunnerTest, RetriesRetryableErrorsWithExponentialBackoff) {
  auto p = load("retry", R"(
name: retry
steps:
  - id: flaky
    uses: engine.ensure_fresh_credentials
    retry: { attempts: 4, backoff: 2s }
)");
  executor_.script("flaky", {test::retryable_error("HTTP 503"), test::retryable_error("HTTP 503"),
                             std::string(R"({"refreshed": true})")});
  auto report = run(p);
  ASSERT_TRUE(report.ok);
  EXPECT_EQ(executor_.calls.size(), 3u);
  EXPECT_EQ(executor_.calls[2].attempt, 3u);
  EXPECT_EQ(sleeps_, (std::vector<milliseconds>{milliseconds(2000), milliseconds(4000)}));
}

TEST_F(RunnerTest, DoesNotRetryNonRetryableErrors) {
  auto p = load("noretry", R"(
name: noretry
steps:
  - id: strict
    uses: engine.ensure_fresh_credentials
    retry: 5
)");
  executor_.script("strict", {make_error(ErrorCode::unauthenticated, "token revoked")});
  auto report = run(p);
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(executor_.calls.size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(report.failed_step, "strict");
  EXPECT_EQ(report.error->code, ErrorCode::unauthenticated);
  EXPECT_EQ(report.error->message, "token revoked");
}

TEST_F(RunnerTest, GivesUpAfterTheLastAttempt) {
  auto p = load("giveup", R"(
name: giveup
steps:
  - id: flaky
    uses: engine.ensure_fresh_credentials
    retry: 2
)");
  executor_.script("flaky", {test::retryable_error("first"), test::retryable_error("second"),
                             std::string("{}")});
  auto report = run(p);
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(executor_.calls.size(), 2u);
  EXPECT_EQ(sleeps_, (std::vector<milliseconds>{milliseconds(1000)}));  // default backoff 1s
  EXPECT_EQ(report.error->message, "second");
}

TEST_F(RunnerTest, TimeoutSetsTheDeadlineAndFailsLateSteps) {
  auto p = load("timeout", R"(
name: timeout
steps:
  - id: slow
    uses: engine.ensure_fresh_credentials
    timeout: 5m
    retry: { attempts: 2, backoff: 1s }
)");
  const auto start = clock_;
  int call = 0;
  // The first attempt takes 6 minutes, the second one 1 minute.
  executor_.on_execute = [&](const StepInvocation&) {
    clock_ += ++call == 1 ? std::chrono::minutes(6) : std::chrono::minutes(1);
  };
  auto report = run(p);
  ASSERT_TRUE(report.ok) << report.error->message;
  ASSERT_EQ(executor_.calls.size(), 2u);
  EXPECT_EQ(executor_.calls[0].deadline, start + std::chrono::minutes(5));
  EXPECT_EQ(executor_.calls[1].deadline, start + std::chrono::minutes(6) + std::chrono::minutes(5));
  EXPECT_EQ(sleeps_.size(), 1u);
}

TEST_F(RunnerTest, TimeoutErrorIsUnavailableAndRetryable) {
  auto p = load("late", R"(
name: late
steps:
  - id: slow
    uses: engine.ensure_fresh_credentials
    timeout: 500ms
)");
  executor_.on_execute = [&](const StepInvocation&) { clock_ += milliseconds(501); };
  auto report = run(p);
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(report.error->code, ErrorCode::unavailable);
  EXPECT_TRUE(report.error->retryable);
  EXPECT_EQ(report.error->message, "step 'slow' timed out after 500ms");
}

TEST_F(RunnerTest, OnErrorContinueRecordsAndGoesOn) {
  auto p = load("cont", R"(
name: cont
steps:
  - id: revoke
    uses: ${connection.plugin}.revoke
    on_error: continue
  - id: remove
    uses: engine.delete_connection
)");
  executor_.script("revoke", {make_error(ErrorCode::unavailable, "provider down")});
  auto report = run(p, {R"({"plugin": "fakesrc"})", "{}"});
  ASSERT_TRUE(report.ok);
  EXPECT_EQ(executor_.called_ids(), (Strings{"revoke", "remove"}));
  ASSERT_EQ(report.step_errors.count("revoke"), 1u);
  EXPECT_EQ(report.step_errors.at("revoke").message, "provider down");
  EXPECT_FALSE(report.error.has_value());
}

TEST_F(RunnerTest, StepHandlersThenPipelineHandlersRunWithTheError) {
  auto p = load("handlers", R"(
name: handlers
steps:
  - id: open
    uses: engine.open_snapshot
  - id: fetch
    uses: ${connection.plugin}.retrieve
    on_error:
      - id: note
        uses: engine.log
        with: { message: "fetch failed: ${error.message} [${error.code}] in ${error.step}" }
      - id: note_again
        uses: engine.log
        with: { message: "after ${steps.note.output.ok}" }
  - id: never
    uses: engine.activate_snapshot
on_error:
  - uses: engine.discard_snapshot
    when: "${steps.open.output.snapshot_id}"
  - id: status
    uses: engine.set_status
    with: { status: error, detail: "${error.message}" }
)");
  executor_.script("open", {std::string(R"({"snapshot_id": 3})")});
  executor_.script("fetch", {make_error(ErrorCode::rate_limited, "HTTP 429 from provider")});
  executor_.script("note", {std::string(R"({"ok": "yes"})")});
  executor_.script("on_error_1", {make_error(ErrorCode::internal, "discard broke")});
  auto report = run(p, {R"({"plugin": "fakesrc"})", "{}"});
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(executor_.called_ids(),
            (Strings{"open", "fetch", "note", "note_again", "on_error_1", "status"}));
  EXPECT_EQ(parse_object(executor_.last_call("note")->with_json)->getValue<std::string>("message"),
            "fetch failed: HTTP 429 from provider [rate_limited] in fetch");
  EXPECT_EQ(parse_object(executor_.last_call("note_again")->with_json)->getValue<std::string>("message"),
            "after yes");
  auto status = parse_object(executor_.last_call("status")->with_json);
  EXPECT_EQ(status->getValue<std::string>("detail"), "HTTP 429 from provider");
  // The report carries the original error, not the failed handler's.
  EXPECT_EQ(report.failed_step, "fetch");
  EXPECT_EQ(report.error->code, ErrorCode::rate_limited);
  EXPECT_EQ(report.error->message, "HTTP 429 from provider");
  EXPECT_EQ(report.step_errors.at("on_error_1").message, "discard broke");
}

TEST_F(RunnerTest, CancellationStopsBetweenStepsAndStillRunsHandlers) {
  auto p = load("cancel", R"(
name: cancel
steps:
  - id: one
    uses: engine.open_snapshot
  - id: two
    uses: engine.activate_snapshot
on_error:
  - id: cleanup
    uses: engine.discard_snapshot
)");
  bool cancel = false;
  executor_.on_execute = [&](const StepInvocation& step) { cancel = cancel || step.step_id == "one"; };
  auto report = run(p, {}, [&] { return cancel; });
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(report.error->code, ErrorCode::cancelled);
  EXPECT_EQ(report.failed_step, "two");
  EXPECT_EQ(executor_.called_ids(), (Strings{"one", "cleanup"}));
}

TEST_F(RunnerTest, CancellationStopsRetries) {
  auto p = load("cancelretry", R"(
name: cancelretry
steps:
  - id: flaky
    uses: engine.ensure_fresh_credentials
    retry: 5
)");
  executor_.script("flaky", {test::retryable_error("503"), test::retryable_error("503")});
  bool cancel = false;
  executor_.on_execute = [&](const StepInvocation&) { cancel = true; };
  auto report = run(p, {}, [&] { return cancel; });
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(report.error->code, ErrorCode::cancelled);
  EXPECT_EQ(executor_.calls.size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(RunnerTest, RunTimeTypeErrorNamesTheStepAndParam) {
  auto p = load("rtype", R"(
name: rtype
steps:
  - id: count
    uses: tools.count
    with: { n: "${params.n}" }
)");
  auto report = run(p, {"{}", R"({"n": "abc"})"});
  ASSERT_FALSE(report.ok);
  EXPECT_TRUE(executor_.calls.empty()) << "a step with bad parameters never runs";
  EXPECT_EQ(report.error->code, ErrorCode::invalid_argument);
  EXPECT_EQ(report.error->message,
            "inline/rtype.yaml:4:5: steps[0].with.n: bad parameter type: expected integer, got "
            "string \"abc\"");
  // A numeric string is accepted and sent as a number.
  auto ok = run(p, {"{}", R"({"n": "17"})"});
  ASSERT_TRUE(ok.ok);
  EXPECT_EQ(executor_.last_call("count")->with_json, R"({"n":17})");
}

TEST_F(RunnerTest, RunTimeChecksAgainstTheResolvedPlugin) {
  auto p = load("rplugin", R"(
name: rplugin
steps:
  - id: connect
    uses: ${connection.plugin}.connect
    with: "${params}"
)");
  // fakevcs.connect requires a token; fakesrc's private_app_token is unknown to it.
  auto unknown = run(p, {R"({"plugin": "fakevcs"})", R"({"private_app_token": "x", "token": "t"})"});
  ASSERT_FALSE(unknown.ok);
  EXPECT_EQ(unknown.error->message,
            "inline/rplugin.yaml:4:5: steps[0].with.private_app_token: unknown parameter "
            "'private_app_token' for fakevcs.connect; allowed: token");
  auto missing = run(p, {R"({"plugin": "fakevcs"})", "{}"});
  ASSERT_FALSE(missing.ok);
  EXPECT_NE(missing.error->message.find(
                "steps[0].with: missing required parameter 'token' for fakevcs.connect"),
            std::string::npos)
      << missing.error->message;
  auto no_action = run(p, {R"({"plugin": "tools"})", "{}"});
  ASSERT_FALSE(no_action.ok);
  EXPECT_EQ(no_action.error->code, ErrorCode::not_found);
  EXPECT_NE(no_action.error->message.find("plugin 'tools' has no action 'connect'"),
            std::string::npos);
  auto no_plugin = run(p, {"{}", "{}"});
  ASSERT_FALSE(no_plugin.ok);
  EXPECT_NE(no_plugin.error->message.find("${connection.plugin} is not set"), std::string::npos);
  EXPECT_TRUE(executor_.calls.empty());
}

TEST_F(RunnerTest, InvalidOutputOrInputsFail) {
  auto p = load("badout", R"(
name: badout
steps:
  - id: one
    uses: engine.open_snapshot
)");
  executor_.script("one", {std::string("not json")});
  auto report = run(p);
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(report.error->code, ErrorCode::internal);
  auto bad_inputs = run(p, {"[]", "{}"});
  ASSERT_FALSE(bad_inputs.ok);
  EXPECT_EQ(bad_inputs.error->code, ErrorCode::invalid_argument);
  EXPECT_EQ(executor_.calls.size(), 1u);
}

}  // namespace
}  // namespace hsd::engine
