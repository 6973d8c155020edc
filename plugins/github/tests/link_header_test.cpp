// The link header's rel="next", origins, and the small encoders the requests rely on.
#include "crypto.hpp"
#include "link_header.hpp"
#include "pkce.hpp"
#include "scopes.hpp"

#include <hsd/plugins/support/form_encoding.hpp>

#include <gtest/gtest.h>

namespace hsd::plugins::github {
namespace {

TEST(LinkHeader, FindsNextAmongOthers) {
  const std::string header =
      R"(<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", )"
      R"(<https://api.github.com/repositories/1300192/issues?page=4>; rel="next", )"
      R"(<https://api.github.com/repositories/1300192/issues?page=515>; rel="last")";
  EXPECT_EQ(next_link(header), "https://api.github.com/repositories/1300192/issues?page=4");
}

TEST(LinkHeader, NoNextMeansTheLastPage) {
  EXPECT_EQ(next_link(""), std::nullopt);
  EXPECT_EQ(next_link(R"(<https://api.github.com/user/repos?page=1>; rel="first", <https://x/y>; rel="prev")"),
            std::nullopt);
}

TEST(LinkHeader, UnquotedAndMultipleRelationTypes) {
  EXPECT_EQ(next_link("<https://a.test/p?after=Y3Vy>; rel=next"), "https://a.test/p?after=Y3Vy");
  EXPECT_EQ(next_link(R"(<https://a.test/q>; title="x; y"; rel="last next")"), "https://a.test/q");
  EXPECT_EQ(next_link(R"(<https://a.test/nextpage>; rel="prev")"), std::nullopt);
}

TEST(Url, OriginAndAuthority) {
  EXPECT_EQ(url_origin("https://API.github.com:443/user?x"), "https://api.github.com");
  EXPECT_EQ(url_origin("http://web.test:8080"), "http://web.test:8080");
  EXPECT_EQ(url_origin("ftp://x"), "");
  EXPECT_EQ(url_authority("https://github.com"), "github.com");
  EXPECT_EQ(url_authority("http://u:p@web.test:8080/x"), "web.test:8080");
}

TEST(FormEncoding, RoundTripsAndDecodesPlus) {
  EXPECT_EQ(support::form_encode({{"scope", "repo read:org"}, {"redirect_uri", "http://l/cb?x=1"}}),
            "scope=repo%20read%3Aorg&redirect_uri=http%3A%2F%2Fl%2Fcb%3Fx%3D1");
  const auto fields = support::form_decode("access_token=gho_abc&scope=repo%2Cgist&token_type=bearer&x=a+b&bad=%zz");
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[1].second, "repo,gist");
  EXPECT_EQ(fields[3].second, "a b");
  EXPECT_EQ(fields[4].second, "%zz");
}

TEST(Pkce, ChallengeIsBase64UrlOfSha256) {
  // RFC 7636 appendix B.
  EXPECT_EQ(code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  const std::string verifier = make_code_verifier();
  EXPECT_TRUE(valid_code_verifier(verifier)) << verifier;
  EXPECT_NE(verifier, make_code_verifier());
  EXPECT_FALSE(valid_code_verifier("short"));
  EXPECT_FALSE(valid_code_verifier(std::string(43, '+')));
}

TEST(Crypto, Base64ForBasicAuth) { EXPECT_EQ(base64("Iv1.cid:csecret"), "SXYxLmNpZDpjc2VjcmV0"); }

TEST(Scopes, HeaderAndImplications) {
  EXPECT_EQ(parse_scopes_header(" repo, read:org ,gist"), (std::vector<std::string>{"repo", "read:org", "gist"}));
  EXPECT_TRUE(parse_scopes_header("").empty());
  EXPECT_TRUE(scope_granted("read:org", {"admin:org"}));
  EXPECT_FALSE(scope_granted("repo", {"public_repo"}));
  EXPECT_EQ(token_kind("github_pat_11ABC"), TokenKind::kFineGrained);
  EXPECT_EQ(token_kind("ghp_x"), TokenKind::kClassic);
  EXPECT_TRUE(token_problem("ghr_abcdefghijklmnopqrstuvwxyz"));
  EXPECT_TRUE(token_problem("ghp_abc def"));
  EXPECT_FALSE(token_problem("ghp_16C7e42F292c6912E7710c838347Ae178B4a"));
}

}  // namespace
}  // namespace hsd::plugins::github
