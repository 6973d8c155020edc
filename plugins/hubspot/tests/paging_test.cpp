#include "paging.hpp"

#include "raw_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::hubspot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CursorPager, LoopsUntilPagingIsAbsent) {
  const std::vector<std::string> bodies = {
      R"({"results":[{"id":"1"}],"paging":{"next":{"after":"c1","link":"l"}}})",
      R"({"results":[{"id":"2"}],"paging":{"next":{"after":"c2"}}})",
      R"({"results":[{"id":"3"}]})",
      R"({"results":[{"id":"never"}]})",
  };
  CursorPager pager(100, 1000);
  std::vector<std::string> queries;
  size_t served = 0;
  for (;;) {
    queries.push_back(pager.query());
    auto page = parse_results_page(bodies.at(served++), "GET /flows");
    ASSERT_TRUE(page.ok());
    auto more = pager.advance(page->next_after);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
  }
  EXPECT_EQ(served, 3u);
  EXPECT_TRUE(pager.done());
  EXPECT_EQ(pager.pages_read(), 3);
  EXPECT_EQ(queries[0], "limit=100");
  EXPECT_EQ(queries[1], "limit=100&after=c1");
  EXPECT_EQ(queries[2], "limit=100&after=c2");
}

TEST(CursorPager, EndsOnEmptyCursorOrMissingNext) {
  CursorPager pager(10, 100);
  auto more = pager.advance(std::string());
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
  CursorPager other(10, 100);
  more = other.advance(std::nullopt);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

TEST(CursorPager, RepeatedCursorStopsTheLoop) {
  CursorPager pager(10, 100);
  ASSERT_TRUE(*pager.advance(std::string("same")));
  auto more = pager.advance(std::string("same"));
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.failure().code, "PAGING_LOOP");
}

TEST(CursorPager, FormsNeverAskForMoreThan50) {
  // HubSpot drops `paging` from forms pages above 50, which silently hides later pages.
  for (int asked : {50, 51, 100, 1000}) {
    CursorPager pager(asked, 50, {{"formTypes", "all"}});
    EXPECT_EQ(pager.page_size(), 50);
    EXPECT_EQ(pager.query(), "limit=50&formTypes=all");
    ASSERT_TRUE(*pager.advance(std::string("a b")));
    EXPECT_EQ(pager.query(), "limit=50&after=a%20b&formTypes=all");
    EXPECT_THAT(pager.query(), Not(HasSubstr("limit=100")));
  }
  CursorPager small(20, 50);
  EXPECT_EQ(small.page_size(), 20);
  CursorPager zero(0, 50);
  EXPECT_EQ(zero.page_size(), 1);
}

}  // namespace
}  // namespace hsd::plugins::hubspot
