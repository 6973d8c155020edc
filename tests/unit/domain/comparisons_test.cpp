// Comparison records: creation with resolved sides and checked types, the queued job, views,
// paging newest first, changes filtered and paged, the runner's writes, and deletion (of one
// comparison, and of a removed repository's comparisons and watches).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compare/json_value.hpp"
#include "domain/comparisons.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

class ComparisonsTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    ws_ = workspace("acme");
    prod_ = connect_echo(ws_, "prod")->getValue<std::int64_t>("id");
    staging_ = connect_echo(ws_, "staging")->getValue<std::int64_t>("id");
  }

  ComparisonRequest request(std::vector<std::string> types = {}) {
    ComparisonRequest r;
    r.workspace_id = ws_;
    r.left.connection = prod_;
    r.right.connection = staging_;
    r.types = std::move(types);
    r.actor = Actor{std::nullopt, "test"};
    return r;
  }

  JsonObject create(ComparisonRequest r) {
    auto row = create_comparison(session(), engine(), r);
    EXPECT_TRUE(row.ok()) << row.error().message;
    return row.ok() ? *row : JsonObject();
  }
  JsonObject create() { return create(request()); }

  std::int64_t id_of(const JsonObject& row) { return row->getValue<std::int64_t>("id"); }

  compare::ObjectDifference difference(compare::ObjectDifference::Kind kind, const std::string& key) {
    compare::ObjectDifference d;
    d.kind = kind;
    d.key = key;
    d.name = "Name " + key;
    if (kind != compare::ObjectDifference::Kind::added) {
      d.left_id = "L" + key;
      d.left_json = R"({"v":1})";
    }
    if (kind != compare::ObjectDifference::Kind::removed) {
      d.right_id = "R" + key;
      d.right_json = R"({"v":2})";
    }
    if (kind == compare::ObjectDifference::Kind::changed) {
      compare::PatchOperation op;
      op.op = compare::PatchOperation::Op::replace;
      op.path = "/v";
      op.value = compare::Json(2);
      op.old_value = compare::Json(1);
      d.operations.push_back(op);
    }
    return d;
  }

  std::int64_t count(const std::string& entity, const std::string& column, std::int64_t value) {
    Query q;
    q.where.set(column, value);
    auto rows = session().find(entity, q);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? static_cast<std::int64_t>(rows->size()) : -1;
  }

  bool row_of_watch(std::int64_t id) { return session().get("drift_watches", id).ok(); }

  std::int64_t ws_ = 0, prod_ = 0, staging_ = 0;
};

TEST_F(ComparisonsTest, CreateStoresResolvedSidesPendingAndAudits) {
  auto r = request({"widgets"});
  r.actor.user_id = std::nullopt;
  auto row = create(r);
  ASSERT_FALSE(row.isNull());
  EXPECT_EQ(row->getValue<std::string>("state"), "pending");
  EXPECT_EQ(row->getValue<std::int64_t>("connection_id"), prod_);
  EXPECT_EQ(row->getValue<std::int64_t>("other_connection_id"), staging_);
  EXPECT_EQ(row->getObject("left_side")->getValue<std::string>("kind"), "connection");
  EXPECT_EQ(row->getObject("right_side")->getValue<std::int64_t>("connection"), staging_);
  EXPECT_TRUE(row->isNull("left_repository_id"));

  auto view = comparison_view(row);
  EXPECT_EQ(view->getValue<std::string>("status"), "pending");
  EXPECT_EQ(view->getValue<std::int64_t>("workspace"), ws_);
  EXPECT_EQ(stringify(view->get("types")), R"(["widgets"])");
  EXPECT_TRUE(view->isNull("summary"));
  EXPECT_TRUE(view->isNull("totals"));
  EXPECT_TRUE(view->isNull("job"));
  EXPECT_TRUE(view->isNull("finished_at"));
  EXPECT_EQ(stringify(view->get("warnings")), "[]");
  EXPECT_EQ(view->getObject("progress")->getValue<std::int64_t>("total"), 0);
  EXPECT_EQ(view->getObject("left")->getValue<std::int64_t>("connection"), prod_);

  Query audit;
  audit.where.set("action", std::string("comparison.create"));
  auto lines = session().find("audit_log", audit);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ(lines->front()->getValue<std::string>("target_id"), row->get("id").toString());
}

TEST_F(ComparisonsTest, TypesMustBeThePluginsAndBadSidesStoreNothing) {
  auto unknown = create_comparison(session(), engine(), request({"widgets", "sprockets"}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error().message, HasSubstr("types[1]: 'sprockets' is not an object type of echo_source"));
  auto twice = create_comparison(session(), engine(), request({"gadgets", "gadgets"}));
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.error().message, HasSubstr("types[1]"));
  auto bad_right = request();
  bad_right.right.connection = 987654;
  auto refused = create_comparison(session(), engine(), bad_right);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("right: no connection 987654"));
  EXPECT_EQ(count("comparisons", "workspace_id", ws_), 0);
}

TEST_F(ComparisonsTest, QueueingMakesACompareJobWithoutAConnection) {
  auto row = create();
  auto queued = queue_comparison(session(), row, Actor{std::nullopt, "test"});
  ASSERT_TRUE(queued.ok()) << queued.error().message;
  const auto& job = queued->job;
  EXPECT_EQ(job->getValue<std::string>("pipeline"), "compare");
  EXPECT_TRUE(job->isNull("connection_id"));
  EXPECT_EQ(job->getValue<std::int64_t>("workspace_id"), ws_);
  EXPECT_EQ(job->getObject("params")->getValue<std::int64_t>("comparison_id"), id_of(row));
  auto stored = find_comparison(session(), id_of(row));
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)->getValue<std::int64_t>("job_id"), job->getValue<std::int64_t>("id"));
  EXPECT_EQ(comparison_view(*stored)->getValue<std::int64_t>("job"), job->getValue<std::int64_t>("id"));
}

TEST_F(ComparisonsTest, FindAndListNewestFirstWithPaging) {
  auto missing = find_comparison(session(), 987654);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().message, "no comparison 987654");

  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(id_of(create()));
  const auto other_ws = workspace("other");
  auto foreign = connect_echo(other_ws, "elsewhere")->getValue<std::int64_t>("id");
  ComparisonRequest theirs;
  theirs.workspace_id = other_ws;
  theirs.left.connection = foreign;
  theirs.right.connection = foreign;
  create(theirs);

  auto first = list_comparisons(session(), ws_, 2, std::nullopt);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ(id_of((*first)[0]), ids[4]);
  EXPECT_EQ(id_of((*first)[1]), ids[3]);
  auto next = list_comparisons(session(), ws_, 10, id_of((*first)[1]));
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->size(), 3u);
  EXPECT_EQ(id_of(next->back()), ids[0]);
  for (std::int64_t bad : {0, 1001}) {
    auto refused = list_comparisons(session(), ws_, bad, std::nullopt);
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().message, HasSubstr("limit:"));
  }
}

TEST_F(ComparisonsTest, ChangesAreFilteredPagedAndShownWithDocuments) {
  const auto id = id_of(create());
  const auto other = id_of(create());
  using Kind = compare::ObjectDifference::Kind;
  std::vector<std::int64_t> changed_widgets;
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(insert_change(session(), id, difference(Kind::added, "a" + std::to_string(i)), "widgets").ok());
    ASSERT_TRUE(insert_change(session(), id, difference(Kind::changed, "c" + std::to_string(i)), "widgets").ok());
    ASSERT_TRUE(insert_change(session(), id, difference(Kind::removed, "r" + std::to_string(i)), "gadgets").ok());
    ASSERT_TRUE(insert_change(session(), other, difference(Kind::changed, "o" + std::to_string(i)), "widgets").ok());
  }
  ASSERT_TRUE(insert_ambiguous(session(), id, "gadgets", "\"dup\"", {"g1", "g2"}, {"g9"}).ok());

  ChangeFilter filter;
  filter.type = "widgets";
  filter.kind = "changed";
  filter.limit = 3;
  auto page = list_changes(session(), id, filter);
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->size(), 3u);
  for (const auto& change : *page) {
    EXPECT_EQ(change->getValue<std::string>("kind"), "changed");
    EXPECT_EQ(change->getValue<std::int64_t>("comparison"), id);
    EXPECT_EQ(change->getValue<std::int64_t>("operations"), 1);
    EXPECT_FALSE(change->has("left_document"));
    EXPECT_FALSE(change->has("patch"));
    changed_widgets.push_back(change->getValue<std::int64_t>("id"));
  }
  filter.after = changed_widgets.back();
  auto rest = list_changes(session(), id, filter);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->front()->getValue<std::string>("key"), "c3");

  ChangeFilter ambiguous;
  ambiguous.kind = "ambiguous";
  auto dup = list_changes(session(), id, ambiguous);
  ASSERT_TRUE(dup.ok());
  ASSERT_EQ(dup->size(), 1u);
  EXPECT_EQ(dup->front()->getValue<std::string>("left_id"), "g1, g2");
  EXPECT_EQ(dup->front()->getValue<std::string>("right_id"), "g9");

  ChangeFilter all;
  all.limit = 1000;
  EXPECT_EQ(list_changes(session(), id, all)->size(), 13u);

  auto one = find_change(session(), id, changed_widgets.front());
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ((*one)->getValue<std::string>("left_document"), R"({"v":1})");
  EXPECT_EQ((*one)->getValue<std::string>("right_document"), R"({"v":2})");
  EXPECT_EQ((*one)->getValue<std::string>("name"), "Name c0");
  auto patch = (*one)->getArray("patch");
  ASSERT_TRUE(patch);
  ASSERT_EQ(patch->size(), 1u);
  EXPECT_EQ(patch->getObject(0)->getValue<std::string>("op"), "replace");
  EXPECT_EQ(patch->getObject(0)->getValue<std::string>("path"), "/v");

  auto not_mine = find_change(session(), other, changed_widgets.front());
  ASSERT_FALSE(not_mine.ok());
  EXPECT_EQ(not_mine.error().code, ErrorCode::not_found);

  ChangeFilter bad_kind;
  bad_kind.kind = "moved";
  auto refused = list_changes(session(), id, bad_kind);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("kind: 'moved'"));
  ChangeFilter bad_limit;
  bad_limit.limit = 0;
  EXPECT_THAT(list_changes(session(), id, bad_limit).error().message, HasSubstr("limit:"));
}

TEST_F(ComparisonsTest, RunnerWritesSetStateProgressResultAndFailure) {
  const auto id = id_of(create());
  auto row = find_comparison(session(), id);
  auto left = (*row)->getObject("left_side");
  left->set("snapshot", 12);
  auto started = start_comparison(session(), id, left, (*row)->getObject("right_side"));
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ((*started)->getValue<std::string>("state"), "in_progress");
  EXPECT_EQ(comparison_view(*started)->getObject("left")->getValue<std::int64_t>("snapshot"), 12);
  ASSERT_TRUE(set_comparison_progress(session(), id, 1, 2, "gadgets").ok());
  auto progressed = comparison_view(*find_comparison(session(), id))->getObject("progress");
  EXPECT_EQ(progressed->getValue<std::int64_t>("done"), 1);
  EXPECT_EQ(progressed->getValue<std::string>("type"), "gadgets");

  auto result = parse_object(
      R"({"types":{"widgets":{"added":1,"removed":2,"changed":3,"unchanged":4,"ambiguous":0,"unmatchable":0}},)"
      R"("totals":{"added":1,"removed":2,"changed":3,"unchanged":4,"ambiguous":5,"unmatchable":0},"warnings":["w"]})",
      "result");
  auto finished = finish_comparison(session(), id, *result);
  ASSERT_TRUE(finished.ok()) << finished.error().message;
  auto view = comparison_view(*finished);
  EXPECT_EQ(view->getValue<std::string>("status"), "completed");
  EXPECT_EQ(view->getValue<std::int64_t>("differences"), 6);  // added + removed + changed
  EXPECT_EQ(view->getObject("summary")->getObject("widgets")->getValue<std::int64_t>("unchanged"), 4);
  EXPECT_EQ(view->getObject("totals")->getValue<std::int64_t>("ambiguous"), 5);
  EXPECT_EQ(stringify(view->get("warnings")), R"(["w"])");
  EXPECT_FALSE(view->isNull("finished_at"));

  const auto failing = id_of(create());
  auto failed = fail_comparison_row(session(), failing, "right: backup 3 has no ref 'nope' in acme/x", "REF_NOT_FOUND");
  ASSERT_TRUE(failed.ok());
  auto failed_view = comparison_view(*failed);
  EXPECT_EQ(failed_view->getValue<std::string>("status"), "error");
  EXPECT_EQ(failed_view->getValue<std::string>("status_code"), "REF_NOT_FOUND");
  EXPECT_THAT(failed_view->getValue<std::string>("status_detail"), HasSubstr("no ref 'nope'"));
  EXPECT_TRUE(failed_view->isNull("summary"));
}

TEST_F(ComparisonsTest, DeleteRemovesChangesCancelsTheQueuedJobAndClearsTheWatch) {
  auto row = create();
  const auto id = id_of(row);
  const auto kept = id_of(create());
  using Kind = compare::ObjectDifference::Kind;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(insert_change(session(), id, difference(Kind::changed, std::to_string(i)), "widgets").ok());
  }
  ASSERT_TRUE(insert_change(session(), kept, difference(Kind::added, "k"), "widgets").ok());
  auto queued = queue_comparison(session(), row, Actor{});
  ASSERT_TRUE(queued.ok());
  Poco::JSON::Object watch;
  watch.set("workspace_id", ws_);
  watch.set("connection_id", prod_);
  watch.set("last_comparison_id", id);
  const auto watch_id = (*session().insert("drift_watches", watch))->getValue<std::int64_t>("id");

  ASSERT_TRUE(delete_comparison(session(), *find_comparison(session(), id), Actor{std::nullopt, "test"}).ok());
  EXPECT_EQ(find_comparison(session(), id).error().code, ErrorCode::not_found);
  EXPECT_EQ(count("comparison_changes", "comparison_id", id), 0);
  EXPECT_EQ(count("comparison_changes", "comparison_id", kept), 1);
  EXPECT_EQ(state_of_job(queued->job->getValue<std::int64_t>("id")), "cancelled");
  EXPECT_TRUE(row_of_watch(watch_id));
  EXPECT_TRUE(DomainFixture::row("drift_watches", watch_id)->isNull("last_comparison_id"));
  Query audit;
  audit.where.set("action", std::string("comparison.delete"));
  EXPECT_EQ(session().find("audit_log", audit)->size(), 1u);
}

TEST_F(ComparisonsTest, RemovingARepositorysComparisonsLeavesOthers) {
  Poco::JSON::Object vcs;
  vcs.set("workspace_id", ws_);
  vcs.set("plugin", std::string("echo_source"));
  vcs.set("kind", std::string("vcs_target"));
  vcs.set("label", std::string("GH"));
  const auto vcs_id = (*session().insert("connections", vcs))->getValue<std::int64_t>("id");
  std::vector<std::int64_t> repos, backups;
  for (const char* name : {"gone", "stays"}) {
    Poco::JSON::Object repo;
    repo.set("connection_id", vcs_id);
    repo.set("external_id", std::string(name));
    repo.set("full_name", std::string("acme/") + name);
    repos.push_back((*session().insert("repositories", repo))->getValue<std::int64_t>("id"));
    Poco::JSON::Object backup;
    backup.set("connection_id", prod_);
    backup.set("repository_id", repos.back());
    backup.set("branch", std::string("main"));
    backups.push_back((*session().insert("backup_configs", backup))->getValue<std::int64_t>("id"));
  }
  auto against = [&](std::size_t i, bool backup_on_left) {
    auto r = request();
    SideSpec backup;
    backup.backup = backups[i];
    (backup_on_left ? r.left : r.right) = backup;
    return id_of(create(r));
  };
  const auto gone_right = against(0, false);
  const auto gone_left = against(0, true);
  const auto stays = against(1, false);
  const auto plain = id_of(create());
  using Kind = compare::ObjectDifference::Kind;
  for (auto c : {gone_right, gone_left, stays, plain}) {
    ASSERT_TRUE(insert_change(session(), c, difference(Kind::removed, "x"), "widgets").ok());
  }
  auto watch = [&](const std::string& column, std::int64_t value) {
    Poco::JSON::Object w;
    w.set("workspace_id", ws_);
    w.set("connection_id", staging_);
    w.set(column, value);
    return (*session().insert("drift_watches", w))->getValue<std::int64_t>("id");
  };
  const auto watch_repo = watch("repository_id", repos[0]);
  const auto watch_backup = watch("backup_config_id", backups[0]);
  const auto watch_other = watch("repository_id", repos[1]);

  ASSERT_TRUE(delete_repository_comparisons(session(), repos[0]).ok());
  for (auto c : {gone_right, gone_left}) {
    EXPECT_EQ(find_comparison(session(), c).error().code, ErrorCode::not_found) << c;
    EXPECT_EQ(count("comparison_changes", "comparison_id", c), 0) << c;
  }
  for (auto c : {stays, plain}) {
    EXPECT_TRUE(find_comparison(session(), c).ok()) << c;
    EXPECT_EQ(count("comparison_changes", "comparison_id", c), 1) << c;
  }
  EXPECT_FALSE(row_of_watch(watch_repo));
  EXPECT_FALSE(row_of_watch(watch_backup));
  EXPECT_TRUE(row_of_watch(watch_other));
}

}  // namespace
}  // namespace hsd::engine
