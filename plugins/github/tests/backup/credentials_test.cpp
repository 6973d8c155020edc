#include "backup/credentials.hpp"

#include "backup/git_util.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::github::backup {
namespace {

class Credentials : public ::testing::Test {
 protected:
  void SetUp() override { ensure_libgit2(); }
  CredentialState state{"github.com", "ghs_secret", 0, false, false, {}};

  int call(const char* url, unsigned types = GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
    git_credential* cred = nullptr;
    const int rc = acquire_credential(&cred, url, nullptr, types, &state);
    if (cred != nullptr) {
      EXPECT_EQ(rc, 0);
      EXPECT_EQ(git_credential_get_username(cred), std::string("x-access-token"));
      git_credential_free(cred);
    }
    return rc;
  }
};

TEST_F(Credentials, GivesTheTokenOnceToTheAllowedHost) {
  EXPECT_EQ(call("https://github.com/acme/backup.git"), 0);
  EXPECT_EQ(state.attempts, 1);
  EXPECT_FALSE(state.exhausted);
  // The server answered 401 again: the token was refused; stop instead of looping.
  EXPECT_EQ(call("https://github.com/acme/backup.git"), GIT_EAUTH);
  EXPECT_EQ(call("https://github.com/acme/backup.git"), GIT_EAUTH);
  EXPECT_EQ(state.attempts, 1);
  EXPECT_TRUE(state.exhausted);
}

TEST_F(Credentials, RefusesOtherHosts) {
  EXPECT_EQ(call("https://evil.example/acme/backup.git"), GIT_EAUTH);
  EXPECT_EQ(call("https://github.com.evil.example/x.git"), GIT_EAUTH);
  EXPECT_EQ(call("https://github.com:8443/x.git"), GIT_EAUTH);
  EXPECT_EQ(call("https://github.com@evil.example/x.git"), GIT_EAUTH);
  EXPECT_EQ(call(nullptr), GIT_EAUTH);
  EXPECT_EQ(call("not a url"), GIT_EAUTH);
  EXPECT_TRUE(state.host_refused);
  EXPECT_EQ(state.attempts, 0);
}

TEST_F(Credentials, ComparesHostsIgnoringCaseAndDefaultPorts) {
  EXPECT_EQ(call("https://GitHub.COM:443/x.git"), 0);
  state.attempts = 0;
  EXPECT_EQ(call("https://user@github.com/x.git"), 0);
}

TEST_F(Credentials, AllowsAnExplicitPort) {
  state.allowed_host = "127.0.0.1:8080";
  EXPECT_EQ(call("http://127.0.0.1:8080/repo.git"), 0);
  state.attempts = 0;
  EXPECT_EQ(call("http://127.0.0.1:8081/repo.git"), GIT_EAUTH);
  EXPECT_EQ(call("http://127.0.0.1/repo.git"), GIT_EAUTH);
}

TEST_F(Credentials, RefusesOtherCredentialTypesAndAMissingToken) {
  EXPECT_EQ(call("https://github.com/x.git", GIT_CREDENTIAL_SSH_KEY), GIT_EAUTH);
  EXPECT_EQ(state.attempts, 0);
  state.token.clear();
  EXPECT_EQ(call("https://github.com/x.git"), GIT_EAUTH);
  EXPECT_TRUE(state.exhausted);
}

TEST(UrlHost, ExtractsHostAndPort) {
  EXPECT_EQ(url_host("https://github.com/a/b.git"), "github.com");
  EXPECT_EQ(url_host("https://github.com:443/a"), "github.com");
  EXPECT_EQ(url_host("http://Example.com:80"), "example.com");
  EXPECT_EQ(url_host("http://example.com:8080/x"), "example.com:8080");
  EXPECT_EQ(url_host("https://u:p@host.example:444/x"), "host.example:444");
  EXPECT_EQ(url_host("http://[::1]:8080/x"), "[::1]:8080");
  EXPECT_EQ(url_host("/tmp/remote.git"), "");
}

TEST(HostAllowed, MatchesOnlyTheConfiguredHost) {
  EXPECT_TRUE(host_allowed("https://github.com/x", "github.com"));
  EXPECT_TRUE(host_allowed("https://github.com/x", "github.com:443"));
  EXPECT_FALSE(host_allowed("https://github.com/x", "github.com:80"));
  EXPECT_FALSE(host_allowed("https://api.github.com/x", "github.com"));
  EXPECT_FALSE(host_allowed("https://github.com/x", ""));
}

}  // namespace
}  // namespace hsd::plugins::github::backup
