// Comparisons over the real `hsdeploy serve`: created as queued jobs, listed, shown, their
// changes paged and filtered, deleted; who may do what with them (members create and read,
// only admins and owners delete, another workspace sees nothing); bad bodies named by field;
// and a deleted connection's or a removed repository's comparisons gone with it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "comparison_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::int64_t id_of(const Poco::JSON::Object::Ptr& object) { return object->getValue<std::int64_t>("id"); }

std::int64_t count(const Poco::JSON::Object::Ptr& counts, const std::string& kind) {
  return counts->getValue<std::int64_t>(kind);
}

class Comparisons : public ComparisonServiceTest {
 protected:
  // The source changed at the fake and retrieved again: its previous snapshot differs from
  // its current one. The previous snapshot's id.
  std::int64_t change_and_retrieve() {
    hubspot().change_portal();
    retrieve();
    auto history = get_array(connection_path(source_) + "/snapshots");
    EXPECT_GE(history->size(), 2u);
    return history->size() < 2 ? 0 : history->getObject(1)->getValue<std::int64_t>("id");
  }

  std::string snapshot_vs_current(std::int64_t snapshot) const {
    return R"({"left":{"connection":)" + str(source_) + R"(,"snapshot":)" + str(snapshot) + R"(},"right":)" +
           source_side() + "}";
  }
};

TEST_F(Comparisons, AnEarlierSnapshotAgainstTheCurrentOneIsPagedAndFilteredByTypeAndKind) {
  const auto previous = change_and_retrieve();
  ASSERT_GT(previous, 0);
  auto done = compare(snapshot_vs_current(previous));
  const auto id = id_of(done);

  // The sides as resolved and pinned, and a summary that adds up.
  EXPECT_EQ(done->getObject("left")->getValue<std::string>("kind"), "snapshot");
  EXPECT_EQ(done->getObject("left")->getValue<std::int64_t>("snapshot"), previous);
  EXPECT_EQ(done->getObject("right")->getValue<std::string>("kind"), "connection");
  EXPECT_FALSE(done->getObject("right")->isNull("snapshot")) << "the run pins the current snapshot it read";
  auto totals = done->getObject("totals");
  ASSERT_TRUE(totals);
  const auto differences = done->getValue<std::int64_t>("differences");
  EXPECT_GT(differences, 0) << "change_portal adds, removes and relabels objects";
  EXPECT_EQ(differences, count(totals, "added") + count(totals, "removed") + count(totals, "changed"));
  EXPECT_GT(count(totals, "added"), 0);
  EXPECT_GT(count(totals, "removed"), 0);
  EXPECT_GT(count(totals, "changed"), 0);

  // Listed, newest first, and paged back with before=.
  auto listed = get_array(ws_path() + "/comparisons");
  ASSERT_GE(listed->size(), 1u);
  EXPECT_EQ(id_of(listed->getObject(0)), id);
  EXPECT_EQ(get_array(ws_path() + "/comparisons?limit=1")->size(), 1u);
  auto older = get_array(ws_path() + "/comparisons?before=" + str(id));
  for (std::size_t i = 0; i < older->size(); ++i) EXPECT_LT(id_of(older->getObject(static_cast<unsigned>(i))), id);

  // Every change in one page and in pages of 3: the same rows, in id order, one per
  // differing object and ambiguous key.
  auto whole = all_changes(id);
  auto paged = all_changes(id, "", 3);
  ASSERT_EQ(whole->size(), paged->size());
  EXPECT_EQ(static_cast<std::int64_t>(whole->size()), differences + count(totals, "ambiguous"));
  std::int64_t last = 0;
  for (std::size_t i = 0; i < whole->size(); ++i) {
    const auto change = whole->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(id_of(change), id_of(paged->getObject(static_cast<unsigned>(i))));
    EXPECT_GT(id_of(change), last) << "changes come in id order";
    last = id_of(change);
    EXPECT_EQ(change->getValue<std::int64_t>("comparison"), id);
    EXPECT_FALSE(change->has("left_document")) << "a listed change carries no documents";
  }

  // Filtered by kind: only that kind, as many as the totals say.
  for (const std::string kind : {"added", "removed", "changed"}) {
    auto only = all_changes(id, "&kind=" + kind);
    EXPECT_EQ(static_cast<std::int64_t>(only->size()), count(totals, kind)) << kind;
    for (std::size_t i = 0; i < only->size(); ++i) {
      EXPECT_EQ(only->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind"), kind);
    }
  }
  // Filtered by type: only that type, as many as its summary says.
  const auto type = whole->getObject(0)->getValue<std::string>("type");
  auto of_type = all_changes(id, "&type=" + type);
  auto summary = done->getObject("summary")->getObject(type);
  ASSERT_TRUE(summary) << "the summary has every type that differs";
  EXPECT_EQ(static_cast<std::int64_t>(of_type->size()), count(summary, "added") + count(summary, "removed") +
                                                            count(summary, "changed") + count(summary, "ambiguous"));
  for (std::size_t i = 0; i < of_type->size(); ++i) {
    EXPECT_EQ(of_type->getObject(static_cast<unsigned>(i))->getValue<std::string>("type"), type);
  }

  // One changed object: its patch and both normalised documents; an added one has no left.
  auto changed = all_changes(id, "&kind=changed", 1);
  ASSERT_GT(changed->size(), 0u);
  auto detail = api().get(comparison_path(id) + "/changes/" + str(id_of(changed->getObject(0))), owner().token);
  ASSERT_EQ(detail.status, 200) << detail.body;
  auto change = detail.json();
  ASSERT_TRUE(change->getArray("patch"));
  EXPECT_GT(change->getArray("patch")->size(), 0u);
  EXPECT_EQ(static_cast<std::int64_t>(change->getArray("patch")->size()), change->getValue<std::int64_t>("operations"));
  EXPECT_FALSE(change->getValue<std::string>("left_document").empty());
  EXPECT_FALSE(change->getValue<std::string>("right_document").empty());
  EXPECT_NE(change->getValue<std::string>("left_document"), change->getValue<std::string>("right_document"));
  auto added = all_changes(id, "&kind=added", 1);
  ASSERT_GT(added->size(), 0u);
  auto added_detail = api().get(comparison_path(id) + "/changes/" + str(id_of(added->getObject(0))), owner().token);
  ASSERT_EQ(added_detail.status, 200) << added_detail.body;
  EXPECT_EQ(added_detail.json()->getValue<std::string>("left_document"), "");
  EXPECT_FALSE(added_detail.json()->getValue<std::string>("right_document").empty());
  EXPECT_EQ(api().get(comparison_path(id) + "/changes/" + str(last + 1000), owner().token).status, 404);

  // Bad queries name their parameter.
  auto bad_kind = api().get(comparison_path(id) + "/changes?kind=moved", owner().token);
  EXPECT_EQ(bad_kind.status, 422) << bad_kind.body;
  EXPECT_EQ(bad_kind.error_field(), "kind");
  auto bad_limit = api().get(comparison_path(id) + "/changes?limit=0", owner().token);
  EXPECT_EQ(bad_limit.status, 422) << bad_limit.body;
  EXPECT_EQ(bad_limit.error_field(), "limit");

  // Deleted: gone with its changes, and audited.
  EXPECT_EQ(api().del(comparison_path(id), owner().token).status, 204);
  EXPECT_EQ(api().get(comparison_path(id), owner().token).status, 404);
  EXPECT_EQ(api().get(comparison_path(id) + "/changes", owner().token).status, 404);
}

TEST_F(Comparisons, TheSourceAgainstItsOwnBackupIsTheSame) {
  auto done = compare(R"({"left":)" + source_side() + R"(,"right":)" + backup_side() + "}");
  EXPECT_EQ(done->getValue<std::int64_t>("differences"), 0);
  auto right = done->getObject("right");
  EXPECT_EQ(right->getValue<std::string>("kind"), "backup");
  EXPECT_EQ(right->getValue<std::string>("full_name"), kRepo);
  EXPECT_FALSE(right->isNull("commit")) << "the run pins the commit it read";
  auto changes = api().get(comparison_path(id_of(done)) + "/changes", owner().token);
  ASSERT_EQ(changes.status, 200) << changes.body;
  EXPECT_EQ(changes.json()->getArray("changes")->size(), 0u);
  EXPECT_TRUE(changes.json()->isNull("next"));
}

TEST_F(Comparisons, MembersCreateAndReadOnlyAdminsDeleteAndOtherWorkspacesSeeNothing) {
  add_people();
  const std::string body = R"({"left":)" + source_side() + R"(,"right":)" + backup_side() + "}";
  auto by_member = create(body, member_);
  const auto id = id_of(by_member);
  wait_comparison(id);
  for (const std::string& path : {comparison_path(id), comparison_path(id) + "/changes", ws_path() + "/comparisons"}) {
    EXPECT_EQ(api().get(path, member_).status, 200) << path;
    EXPECT_EQ(api().get(path, outsider_.token).status, 404) << path << " for another workspace";
    EXPECT_EQ(api().get(path).status, 401) << path << " without a token";
  }
  auto refused = api().del(comparison_path(id), member_);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(api().del(comparison_path(id), outsider_.token).status, 404);
  EXPECT_EQ(api().get(comparison_path(id), owner().token).status, 200) << "a refused delete changes nothing";

  // Another workspace cannot compare into ours, nor name our connection from its own.
  EXPECT_EQ(api().post(ws_path() + "/comparisons", outsider_.token, body).status, 404);
  auto foreign = api().post("/api/v1/workspaces/" + str(outsider_.workspace_id) + "/comparisons", outsider_.token, body);
  EXPECT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_EQ(foreign.error_field(), "left");

  EXPECT_EQ(api().del(comparison_path(id), admin_).status, 204);
  EXPECT_EQ(api().get(comparison_path(id), owner().token).status, 404);
}

TEST_F(Comparisons, BadBodiesAnswer422NamingTheFieldAndStoreNothing) {
  const std::string c = str(source_), b = str(backup_), vcs = str(github_connection_);
  struct Case {
    std::string body;
    std::string field;
    std::string says;
  };
  const std::vector<Case> cases = {
      {R"({"right":{"connection":)" + c + "}}", "left", "required"},
      {R"({"left":{"connection":)" + c + "}}", "right", "required"},
      {R"({"left":{"connection":)" + c + R"(},"right":{"connection":)" + c + R"(},"colour":"red"})", "colour", "unknown"},
      {R"({"left":{"connection":"prod"},"right":{"connection":)" + c + "}}", "left.connection", ""},
      {R"({"left":{"connection":)" + c + R"(,"backup":)" + b + R"(},"right":{"connection":)" + c + "}}", "left", ""},
      {R"({"left":{"connection":)" + c + R"(,"nope":1},"right":{"connection":)" + c + "}}", "left.nope", ""},
      {R"({"left":"prod","right":{"connection":)" + c + "}}", "left", ""},
      {R"({"left":{"connection":999999},"right":{"connection":)" + c + "}}", "left", "999999"},
      {R"({"left":{"connection":)" + c + R"(},"right":{"backup":999999}})", "right", "999999"},
      {R"({"left":{"connection":)" + c + R"(,"snapshot":999999},"right":{"connection":)" + c + "}}", "left", "999999"},
      {R"({"left":{"connection":)" + vcs + R"(},"right":{"connection":)" + c + "}}", "left", "not a source"},
      {R"({"left":{"connection":)" + c + R"(},"right":{"connection":)" + c + R"(},"types":"forms"})", "types", ""},
      {R"({"left":{"connection":)" + c + R"(},"right":{"connection":)" + c + R"(},"types":["no_such_type"]})", "types",
       "no_such_type"},
  };
  const auto before = get_array(ws_path() + "/comparisons")->size();
  for (const auto& bad : cases) {
    auto reply = api().post(ws_path() + "/comparisons", owner().token, bad.body);
    EXPECT_EQ(reply.status, 422) << bad.body << " -> " << reply.body;
    EXPECT_THAT(reply.error_field(), StartsWith(bad.field)) << bad.body << " -> " << reply.body;
    EXPECT_THAT(reply.error_message(), HasSubstr(bad.says)) << bad.body;
  }
  auto not_json = api().post(ws_path() + "/comparisons", owner().token, "{");
  EXPECT_EQ(not_json.status, 400) << not_json.body;
  EXPECT_EQ(get_array(ws_path() + "/comparisons")->size(), before) << "a refused body stores nothing";
}

TEST_F(Comparisons, DeletingTheConnectionDeletesItsComparisonsAndWatches) {
  auto done = compare(R"({"left":)" + source_side() + R"(,"right":)" + backup_side() + "}");
  auto watch = api().post(ws_path() + "/watches", owner().token,
                          R"({"connection":)" + str(source_) + R"(,"against":)" + backup_side() + "}");
  ASSERT_EQ(watch.status, 201) << watch.body;
  auto impact = get_object(connection_path(source_) + "/deletion-impact");
  EXPECT_EQ(impact->getValue<std::int64_t>("comparisons"), 1);
  EXPECT_EQ(impact->getValue<std::int64_t>("watches"), 1);

  ASSERT_EQ(api().del(connection_path(source_), owner().token).status, 204);
  EXPECT_EQ(api().get(comparison_path(id_of(done)), owner().token).status, 404);
  EXPECT_EQ(api().get(watch_path(id_of(watch.json())), owner().token).status, 404);
  EXPECT_EQ(get_array(ws_path() + "/comparisons")->size(), 0u);
  EXPECT_EQ(get_array(ws_path() + "/watches")->size(), 0u);
}

TEST_F(Comparisons, RemovingTheRepositoryDeletesTheComparisonsThatReadIt) {
  auto done = compare(R"({"left":)" + backup_side() + R"(,"right":)" + source_side() + "}");
  auto watch = api().post(ws_path() + "/watches", owner().token,
                          R"({"connection":)" + str(source_) + R"(,"against":)" + backup_side() + "}");
  ASSERT_EQ(watch.status, 201) << watch.body;
  auto impact = get_object("/api/v1/repos/" + str(repository_) + "/deletion-impact");
  EXPECT_EQ(impact->getValue<std::int64_t>("comparisons"), 1);
  EXPECT_EQ(impact->getValue<std::int64_t>("watches"), 1);
  EXPECT_EQ(impact->getValue<std::int64_t>("backup_configs"), 1);
  add_people();
  EXPECT_EQ(api().get("/api/v1/repos/" + str(repository_) + "/deletion-impact", member_).status, 403);
  EXPECT_EQ(api().get("/api/v1/repos/" + str(repository_) + "/deletion-impact", outsider_.token).status, 404);

  ASSERT_EQ(api().del("/api/v1/backups/" + str(backup_), owner().token).status, 204);
  EXPECT_EQ(api().get(watch_path(id_of(watch.json())), owner().token).status, 404)
      << "a watch against a removed backup goes with it";
  EXPECT_EQ(api().get(comparison_path(id_of(done)), owner().token).status, 200)
      << "a comparison keeps the commit it read when its backup goes";
  EXPECT_EQ(get_object("/api/v1/repos/" + str(repository_) + "/deletion-impact")->getValue<std::int64_t>("comparisons"), 1);
  ASSERT_EQ(api().del("/api/v1/repos/" + str(repository_), owner().token).status, 204);
  EXPECT_EQ(api().get(comparison_path(id_of(done)), owner().token).status, 404);
}

}  // namespace
}  // namespace hsd::testing
