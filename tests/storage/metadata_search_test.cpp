// The search contract of metadata_list's q (sdk/STORAGE.md, "Search"), for every storage: the
// objects whose id or name contains q, case-insensitive for ASCII letters, across all types or
// one, pageable with the cursor, with query-language characters taken as plain text, and only
// ever the current snapshot's objects. Every expected answer comes from a plain substring test
// over the objects the test stored, so the storage's index must agree with a scan.
#include <algorithm>
#include <set>

#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;
using engine::ObjectRecord;

std::string ascii_lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool contains(const std::string& text, const std::string& q) {
  return ascii_lower(text).find(ascii_lower(q)) != std::string::npos;
}

// HubSpot-like objects, and names holding what a full-text query language would read as syntax.
std::vector<ObjectRecord> corpus() {
  std::vector<ObjectRecord> out = {
      {"contact_properties", "dealstage", "Deal Stage", "{}"},
      {"contact_properties", "lifecyclestage", "Lifecycle Stage", "{}"},
      {"contact_properties", "hs_lead_status", "Lead Status", "{}"},
      {"contact_properties", "firstname", "First Name", "{}"},
      {"contact_properties", "hubspot_owner_id", "Contact owner", "{}"},
      {"contact_properties", "percent_field", "Discount 100% off_now", "{}"},
      {"deal_properties", "amount", "Amount", "{}"},
      {"deal_properties", "closedate", "Close Date", "{}"},
      {"deal_properties", "pipeline", "Pipeline", "{}"},
      {"deal_properties", "hs_deal_stage_probability", "Deal Stage Probability", "{}"},
      {"forms", "5f2c9a1e-0b7d-4c11-9a7e-2d3b4c5d6e7f", "Contact Us", "{}"},
      {"forms", "quoted", "Say \"hello\" world", "{}"},
      {"forms", "triple", "Three \"\"\" quotes", "{}"},
      {"forms", "star", "Wild*card a*b", "{}"},
      {"forms", "minus", "Opt-out -negated x-y", "{}"},
      {"forms", "boolean", "This OR that AND not NOT", "{}"},
      {"forms", "near", "NEAR(a b) near", "{}"},
      {"forms", "colon", "name:value {col}: ^caret", "{}"},
      {"forms", "apostrophe", "O'Brien's form", "{}"},
      {"workflows", "585051946", "Marketing - Nurture Webinar Attendees EMEA", "{}"},
      {"workflows", "585051947", "Sales - Stalled Deals Follow-up", "{}"},
      {"workflows", "600000001", "Zoë Ünïcode café 👍 flow", "{}"},
      {"workflows", "600000002", "Renewal reminder (stage 2)", "{}"},
  };
  // Enough look-alikes that paging needs several pages.
  for (int i = 0; i < 40; ++i) {
    const std::string n = std::to_string(i);
    out.push_back({i % 2 ? "contact_properties" : "deal_properties", "custom_stage_" + n, "Custom Stage " + n, "{}"});
  }
  return out;
}

}  // namespace

class MetadataSearchTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) return;
    conn_ = connection(workspace("w"), "Prod");
    objects_ = corpus();
    activate(conn_, objects_);
  }

  void activate(std::int64_t connection_id, const std::vector<ObjectRecord>& objects) {
    auto id = db().snapshot_create(connection_id);
    ASSERT_TRUE(id.ok()) << id.error().message;
    ASSERT_TRUE(db().snapshot_add_objects(*id, objects).ok());
    ASSERT_TRUE(db().snapshot_activate(*id).ok());
  }

  // Every match, following the cursor page by page; fails on a repeated row.
  std::vector<std::string> search(const std::string& q, const std::string& type = "", std::int64_t limit = 100) {
    engine::MetadataQuery query;
    query.q = q;
    query.type = type;
    query.limit = limit;
    std::vector<std::string> out;
    for (int pages = 0; pages < 100; ++pages) {
      auto page = db().metadata_list(conn_, query);
      EXPECT_TRUE(page.ok()) << "q '" << q << "': " << page.error().message;
      if (!page.ok()) break;
      for (const auto& r : page->rows) out.push_back(r.type + "/" + r.id);
      if (page->next_cursor.empty()) break;
      query.cursor = page->next_cursor;
    }
    const std::set<std::string> unique(out.begin(), out.end());
    EXPECT_EQ(unique.size(), out.size()) << "q '" << q << "' handed back a row twice";
    return out;
  }

  // What a scan finds: the objects whose id or name contains q, in (type, id) order.
  std::vector<std::string> expected(const std::string& q, const std::string& type = "") const {
    std::vector<std::string> out;
    for (const auto& o : objects_) {
      if ((type.empty() || o.type == type) && (contains(o.id, q) || contains(o.name, q))) {
        out.push_back(o.type + "/" + o.id);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::int64_t conn_ = 0;
  std::vector<ObjectRecord> objects_;
};

TEST_P(MetadataSearchTest, FindsASubstringOfTheIdOrTheNameWhateverItsAsciiCase) {
  EXPECT_EQ(search("STAGE"), expected("stage"));
  EXPECT_GT(expected("stage").size(), 40u);
  // In the id only, in the name only.
  EXPECT_EQ(search("hubspot_OWNER"), std::vector<std::string>{"contact_properties/hubspot_owner_id"});
  EXPECT_EQ(search("contact owner"), std::vector<std::string>{"contact_properties/hubspot_owner_id"});
  EXPECT_EQ(search("9A7E-2D3B"), std::vector<std::string>{"forms/5f2c9a1e-0b7d-4c11-9a7e-2d3b4c5d6e7f"});
  EXPECT_EQ(search("5850519"), (std::vector<std::string>{"workflows/585051946", "workflows/585051947"}));
  // Non-ASCII text is matched as it is written.
  EXPECT_EQ(search("Zoë Ünïcode"), std::vector<std::string>{"workflows/600000001"});
  EXPECT_EQ(search("café 👍"), std::vector<std::string>{"workflows/600000001"});
  EXPECT_TRUE(search("zzzz-no-such-thing").empty());
}

TEST_P(MetadataSearchTest, OneTwoAndThreeOrMoreCharactersAllMatchSubstrings) {
  for (const std::string q : {"e", "Z", "%", "st", "D ", "-o", "sta", "STA", "ead", "e S", "ge_", "stage_1",
                              "Deal Stage Probability", "ë", "ïc", "👍"}) {
    EXPECT_EQ(search(q), expected(q)) << "q '" << q << "'";
  }
}

TEST_P(MetadataSearchTest, SearchesAcrossAllTypesOrOne) {
  for (const std::string q : {"stage", "st", "a", "deal"}) {
    for (const std::string type : {"contact_properties", "deal_properties", "forms", "workflows", "no_such_type"}) {
      EXPECT_EQ(search(q, type), expected(q, type)) << "q '" << q << "' type " << type;
    }
    EXPECT_EQ(search(q), expected(q)) << "q '" << q << "'";
  }
  EXPECT_EQ(search("stage", "deal_properties").front(), "deal_properties/custom_stage_0");
}

TEST_P(MetadataSearchTest, PagingUnderAQueryGivesEveryMatchOnce) {
  for (const std::int64_t limit : {1, 3, 7, 1000}) {
    for (const std::string q : {"stage", "st", "custom stage 1"}) {
      EXPECT_EQ(search(q, "", limit), expected(q)) << "q '" << q << "' limit " << limit;
      EXPECT_EQ(search(q, "contact_properties", limit), expected(q, "contact_properties"))
          << "q '" << q << "' limit " << limit;
    }
  }
}

TEST_P(MetadataSearchTest, QueryLanguageCharactersAreText) {
  for (const std::string q : {"\"hello\"", "\"hello", "y \"h", "\"\"\"", "\"", "\"\"", "a*b", "*", "d*c", "-negated",
                              "-out", "x-y", "OR that", "or", "NOT", "AND not", "NEAR(a", "NEAR(", "near(a b)",
                              "name:value", "{col}:", "^caret", "^", "O'Brien's", "'s f", "100%", "% off_", "_now",
                              "e_p", "(stage 2)", "\\", "*:^-\"()"}) {
    EXPECT_EQ(search(q), expected(q)) << "q '" << q << "'";
  }
  EXPECT_EQ(search("\"hello\""), std::vector<std::string>{"forms/quoted"});
  EXPECT_EQ(search("a*b"), std::vector<std::string>{"forms/star"});
  EXPECT_EQ(search("OR that"), std::vector<std::string>{"forms/boolean"});
  EXPECT_EQ(search("NEAR(a"), std::vector<std::string>{"forms/near"});
}

TEST_P(MetadataSearchTest, AReplacedObjectIsFoundOnlyUnderItsNewName) {
  objects_ = {{"forms", "5f2c9a1e-0b7d-4c11-9a7e-2d3b4c5d6e7f", "Talk to Sales", "{\"v\":2}"},
              {"workflows", "585051946", "Marketing - Nurture Webinar Attendees EMEA", "{}"}};
  activate(conn_, objects_);
  EXPECT_TRUE(search("contact us").empty());
  EXPECT_TRUE(search("co").empty());
  EXPECT_EQ(search("TALK TO"), std::vector<std::string>{"forms/5f2c9a1e-0b7d-4c11-9a7e-2d3b4c5d6e7f"});
  EXPECT_EQ(search("ta"), expected("ta"));
  // Nothing of the previous snapshot is found any more.
  EXPECT_TRUE(search("stage").empty());
  EXPECT_TRUE(search("dealstage").empty());
  // Renamed twice within one building snapshot: the last name counts.
  auto id = db().snapshot_create(conn_);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(db().snapshot_add_objects(*id, {{"forms", "f", "First Title", "{}"}, {"forms", "f", "Second Title", "{}"}}).ok());
  ASSERT_TRUE(db().snapshot_add_objects(*id, {{"forms", "f", "Third Title", "{}"}}).ok());
  // Still building: the current snapshot answers.
  EXPECT_TRUE(search("third").empty());
  ASSERT_TRUE(db().snapshot_activate(*id).ok());
  EXPECT_EQ(search("title"), std::vector<std::string>{"forms/f"});
  EXPECT_TRUE(search("first title").empty());
  EXPECT_TRUE(search("second").empty());
  EXPECT_EQ(search("third title"), std::vector<std::string>{"forms/f"});
}

TEST_P(MetadataSearchTest, ConnectionsDoNotSeeEachOthersObjectsAndADeletedOnesAreGone) {
  const auto other = connection(workspace("w2"), "Other");
  activate(other, {{"forms", "other-form", "Deal Stage Lookalike", "{}"}, {"forms", "x", "Only elsewhere", "{}"}});
  EXPECT_EQ(search("stage"), expected("stage"));
  EXPECT_TRUE(search("elsewhere").empty());
  EXPECT_TRUE(search("lookalike").empty());
  ASSERT_TRUE(db().delete_connection(other).ok());
  engine::MetadataQuery query;
  query.q = "elsewhere";
  EXPECT_EQ(db().metadata_list(other, query).error().code, ErrorCode::not_found);
  // A new connection (which may reuse storage ids) finds nothing of the deleted one's objects.
  const auto fresh = connection(workspace("w3"), "Fresh");
  auto page = db().metadata_list(fresh, query);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->rows.empty());
  EXPECT_EQ(search("stage"), expected("stage"));
}

INSTANTIATE_TEST_SUITE_P(Plugins, MetadataSearchTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
