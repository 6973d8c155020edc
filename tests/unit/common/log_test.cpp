#include "hsd/engine/log.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace hsd::engine::log {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Redirects file descriptor 2 into a temporary file while alive; text() returns what the
// code under test wrote to stderr.
class StderrCapture {
 public:
  StderrCapture() {
    std::fflush(stderr);
    file_ = std::tmpfile();
    saved_ = ::dup(STDERR_FILENO);
    ::dup2(::fileno(file_), STDERR_FILENO);
  }
  ~StderrCapture() {
    restore();
    std::fclose(file_);
  }
  std::string text() {
    restore();
    std::string out;
    std::rewind(file_);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file_)) > 0;)
      out.append(buffer, n);
    return out;
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_ = nullptr;
  int saved_ = -1;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override { configure(Level::info, Format::text); }
};

TEST_F(LogTest, RedactsRegisteredSecrets) {
  add_secret("registered-secret-value-1");
  const std::string out =
      redact("token registered-secret-value-1 used twice: registered-secret-value-1.");
  EXPECT_THAT(out, Not(HasSubstr("registered-secret-value-1")));
  EXPECT_THAT(out, HasSubstr("[redacted]"));
  EXPECT_THAT(out, HasSubstr("used twice"));
}

TEST_F(LogTest, IgnoresSecretsTooShortToBeSafe) {
  add_secret("the");
  EXPECT_EQ(redact("the quick fox"), "the quick fox");
}

TEST_F(LogTest, RedactsBearerAndBasicCredentials) {
  const std::string bearer = redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig");
  EXPECT_THAT(bearer, Not(HasSubstr("eyJhbGciOiJIUzI1NiJ9")));
  EXPECT_THAT(bearer, HasSubstr("Bearer [redacted]"));
  const std::string basic = redact("authorization: basic dXNlcjpwYXNzd29yZA==");
  EXPECT_THAT(basic, Not(HasSubstr("dXNlcjpwYXNzd29yZA")));
  const std::string github = redact("Authorization: token ghp_abcdefghijklmnop1234");
  EXPECT_THAT(github, Not(HasSubstr("ghp_abcdefghijklmnop1234")));
}

TEST_F(LogTest, RedactsTheTokenShapesAPluginDeclared) {
  // The engine knows no provider's token format until a plugin's manifest declares one.
  const std::string line = "connect failed for zzq-na1-11111111-2222-3333-4444-555555555555 today";
  EXPECT_EQ(redact(line), line);
  hsd::engine::log::add_token_pattern("zzq-", "zzq-[a-z0-9]+-[A-Za-z0-9-]{6,}");
  const std::string out = redact(line);
  EXPECT_THAT(out, Not(HasSubstr("11111111-2222")));
  EXPECT_THAT(out, HasSubstr("zzq-[redacted]"));
  EXPECT_THAT(out, HasSubstr("today"));
}

TEST_F(LogTest, RedactsTheValuesOfFieldsAPluginDeclaredSecret) {
  const std::string json = R"({"subdomain":"acme","zz_api_key":"k-123456789"})";
  EXPECT_EQ(redact(json), json);
  hsd::engine::log::add_secret_field("zz_api_key");
  EXPECT_EQ(redact(json), R"({"subdomain":"acme","zz_api_key":"[redacted]"})");
  EXPECT_EQ(redact("POST /x?zz_api_key=k-123456789&subdomain=acme"), "POST /x?zz_api_key=[redacted]&subdomain=acme");
}

TEST_F(LogTest, RedactsCredentialJsonKeysButKeepsOthers) {
  const std::string out = redact(
      R"({"access_token":"at-value-1","refresh_token": "rt-value-2","client_secret":"cs-value-3","hub_id":42,"token_type":"bearer"})");
  for (const char* secret : {"at-value-1", "rt-value-2", "cs-value-3"})
    EXPECT_THAT(out, Not(HasSubstr(secret)));
  EXPECT_THAT(out, HasSubstr(R"("access_token":"[redacted]")"));
  EXPECT_THAT(out, HasSubstr(R"("hub_id":42)"));
  EXPECT_THAT(out, HasSubstr(R"("token_type":"bearer")"));
}

// A sign-in or set-password body, should one ever reach a log line: the password and the
// link's token are redacted, the e-mail kept.
TEST_F(LogTest, RedactsPasswordsAndLinkTokensInSignInBodies) {
  const std::string out =
      redact(R"({"email":"ann@example.test","password":"hunter2 but longer","token":"link-token-value"})");
  EXPECT_THAT(out, Not(HasSubstr("hunter2")));
  EXPECT_THAT(out, Not(HasSubstr("link-token-value")));
  EXPECT_THAT(out, HasSubstr(R"("password":"[redacted]")"));
  EXPECT_THAT(out, HasSubstr(R"("email":"ann@example.test")"));
}

TEST_F(LogTest, RedactsCredentialFormFields) {
  const std::string out = redact(
      "grant_type=refresh_token&refresh_token=rt-form-value&client_id=visible-id&client_secret=cs-"
      "form-value");
  EXPECT_THAT(out, Not(HasSubstr("rt-form-value")));
  EXPECT_THAT(out, Not(HasSubstr("cs-form-value")));
  EXPECT_THAT(out, HasSubstr("client_id=visible-id"));
  EXPECT_THAT(out, HasSubstr("grant_type=refresh_token"));
  const std::string url = redact("GET /callback?code=auth-code-value&state=s1");
  EXPECT_THAT(url, Not(HasSubstr("auth-code-value")));
  EXPECT_THAT(url, HasSubstr("state=s1"));
}

TEST_F(LogTest, JsonFormatWritesOneValidJsonObjectPerLine) {
  configure(Level::debug, Format::json);
  add_secret("json-field-secret-42");
  StderrCapture capture;
  write(Level::info, "engine.test", "first \"quoted\"\nsecond line\twith tab",
        {{"connection", "c-1"}});
  warn("plugin.hubspot", "refresh failed",
       {{"body", R"({"refresh_token":"rt-json-value"})"}, {"detail", "json-field-secret-42"}});
  debug("engine.test", "debug shows at debug level");
  const auto lines = lines_of(capture.text());
  ASSERT_EQ(lines.size(), 3u);

  Poco::JSON::Parser parser;
  auto first = parser.parse(lines[0]).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(first->getValue<std::string>("level"), "info");
  EXPECT_EQ(first->getValue<std::string>("logger"), "engine.test");
  EXPECT_EQ(first->getValue<std::string>("msg"), "first \"quoted\"\nsecond line\twith tab");
  EXPECT_EQ(first->getValue<std::string>("connection"), "c-1");
  EXPECT_FALSE(first->getValue<std::string>("ts").empty());

  parser.reset();
  auto second = parser.parse(lines[1]).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(second->getValue<std::string>("level"), "warn");
  EXPECT_THAT(second->getValue<std::string>("body"), Not(HasSubstr("rt-json-value")));
  EXPECT_THAT(second->getValue<std::string>("detail"), Not(HasSubstr("json-field-secret-42")));

  parser.reset();
  auto third = parser.parse(lines[2]).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(third->getValue<std::string>("level"), "debug");
}

TEST_F(LogTest, TextFormatWritesOneRedactedLine) {
  configure(Level::info, Format::text);
  StderrCapture capture;
  info("engine.http", "calling with Bearer abcdefghijkl123", {{"status", "200"}});
  const auto lines = lines_of(capture.text());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr(" info engine.http: calling with Bearer [redacted]"));
  EXPECT_THAT(lines[0], HasSubstr("status=200"));
  EXPECT_THAT(lines[0], Not(HasSubstr("abcdefghijkl123")));
}

TEST_F(LogTest, DropsLinesBelowTheMinimumLevel) {
  configure(Level::warn, Format::text);
  StderrCapture capture;
  info("engine.test", "not shown");
  debug("engine.test", "not shown either");
  error("engine.test", "shown");
  const auto lines = lines_of(capture.text());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("error engine.test: shown"));
  EXPECT_EQ(min_level(), Level::warn);
}

TEST_F(LogTest, ParsesLevelNames) {
  for (Level level : {Level::trace, Level::debug, Level::info, Level::warn, Level::error}) {
    Level parsed = Level::info;
    ASSERT_TRUE(parse_level(level_name(level), parsed));
    EXPECT_EQ(parsed, level);
  }
  Level unchanged = Level::warn;
  EXPECT_FALSE(parse_level("verbose", unchanged));
  EXPECT_FALSE(parse_level("INFO", unchanged));
  EXPECT_EQ(unchanged, Level::warn);
}

}  // namespace
}  // namespace hsd::engine::log
