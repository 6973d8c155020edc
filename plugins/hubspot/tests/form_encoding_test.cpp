#include <hsd/plugins/support/form_encoding.hpp>

#include <gtest/gtest.h>

namespace hsd::plugins::hubspot {
namespace {

TEST(FormEncoding, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(support::percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(support::percent_encode("a b"), "a%20b");
  EXPECT_EQ(support::percent_encode("https://x.test/cb?a=1&b=2"), "https%3A%2F%2Fx.test%2Fcb%3Fa%3D1%26b%3D2");
  EXPECT_EQ(support::percent_encode("+"), "%2B");
  EXPECT_EQ(support::percent_encode("\xC3\xA9"), "%C3%A9");
}

TEST(FormEncoding, JoinsPairs) {
  EXPECT_EQ(support::form_encode({{"grant_type", "refresh_token"}, {"refresh_token", "na1-a b"}}),
            "grant_type=refresh_token&refresh_token=na1-a%20b");
  EXPECT_EQ(support::form_encode({}), "");
}

TEST(FormEncoding, ScopesAreSpaceSeparated) {
  EXPECT_EQ(support::percent_encode(support::join_spaced({"automation", "forms", "crm.schemas.custom.read"})),
            "automation%20forms%20crm.schemas.custom.read");
  EXPECT_EQ(support::join_spaced({}), "");
}

}  // namespace
}  // namespace hsd::plugins::hubspot
