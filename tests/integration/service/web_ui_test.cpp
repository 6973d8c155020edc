// The built web UI served by `hsdeploy serve` from service.web_dir, over real HTTP: content
// types, cache headers, deep links answered with index.html, validators, the browser
// protections on every answer, path traversal refused, and a service whose UI is not built.
// Also the API's conditional GETs, which the UI's polling relies on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "service_harness.hpp"

namespace hsd::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kIndex = "<!doctype html><title>hsdeploy</title><script type=module src=/assets/app-abc123.js></script>\n";
const std::string kScript = "console.log('app');\n";
const std::string kSecret = "the secret outside the web folder\n";

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A built UI as Vite lays it out, plus a file outside it that nothing may reach.
fs::path make_web_dir(const fs::path& scratch) {
  const fs::path web = scratch / "web";
  write_file(web / "index.html", kIndex);
  write_file(web / "assets" / "app-abc123.js", kScript);
  write_file(web / "assets" / "app-abc123.js.map", R"({"version":3,"sources":[]})");
  write_file(web / "assets" / "style-9f8e7d.css", "body{margin:0}");
  write_file(web / "favicon.ico", std::string("\0\0\1\0", 4));
  write_file(web / "logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  write_file(web / "manifest.webmanifest", R"({"name":"hsdeploy"})");
  write_file(web / "fonts" / "inter.woff2", "wOF2");
  write_file(web / ".hidden", "hidden");
  write_file(scratch / "secret.txt", kSecret);
  fs::create_symlink("../secret.txt", web / "escape.txt");
  fs::create_symlink("assets/app-abc123.js", web / "inside.js");
  return web;
}

void expect_protections(const HttpReply& reply, const std::string& what) {
  EXPECT_EQ(reply.headers.count("content-security-policy"), 1u) << what;
  if (reply.headers.count("content-security-policy")) {
    const std::string& csp = reply.headers.at("content-security-policy");
    EXPECT_THAT(csp, HasSubstr("default-src 'none'")) << what;
    EXPECT_THAT(csp, HasSubstr("script-src 'self';")) << what;
    EXPECT_THAT(csp, HasSubstr("connect-src 'self'")) << what;
    EXPECT_THAT(csp, HasSubstr("frame-ancestors 'none'")) << what;
    EXPECT_THAT(csp, Not(HasSubstr("unsafe-eval"))) << what;
  }
  EXPECT_EQ(reply.headers.count("x-content-type-options") ? reply.headers.at("x-content-type-options") : "", "nosniff")
      << what;
  EXPECT_EQ(reply.headers.count("referrer-policy") ? reply.headers.at("referrer-policy") : "", "same-origin") << what;
}

std::string header(const HttpReply& reply, const std::string& name) {
  auto found = reply.headers.find(name);
  return found == reply.headers.end() ? "" : found->second;
}

class WebUiTest : public ::testing::Test {
 protected:
  void start(const std::string& extra_keys = "") {
    service_ = std::make_unique<ServiceUnderTest>("web_ui", "web_dir: web" + extra_keys);
    web_ = make_web_dir(service_->cli().dir());
    owner_ = service_->bootstrap("acme", "owner@acme.test");
    service_->start();
  }
  const ApiClient& api() { return service_->api(); }

  std::unique_ptr<ServiceUnderTest> service_;
  fs::path web_;
  Bootstrapped owner_;
};

TEST_F(WebUiTest, TheUisRoutesAnswerIndexHtmlWhichIsAlwaysRevalidated) {
  start();
  for (const std::string path : {"/", "/connections", "/connections/12", "/sign-in", "/set-password",
                                 "/connections/12/?tab=runs", "/assets/"}) {
    auto reply = api().get(path);
    EXPECT_EQ(reply.status, 200) << path;
    EXPECT_EQ(reply.body, kIndex) << path;
    EXPECT_EQ(header(reply, "content-type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(header(reply, "cache-control"), "no-cache") << path;
    EXPECT_FALSE(header(reply, "etag").empty()) << path;
    expect_protections(reply, path);
  }
}

TEST_F(WebUiTest, FilesHaveTheirContentTypesAndHashedAssetsAreImmutable) {
  start();
  const std::vector<std::pair<std::string, std::string>> types = {
      {"/assets/app-abc123.js", "text/javascript; charset=utf-8"},
      {"/assets/style-9f8e7d.css", "text/css; charset=utf-8"},
      {"/favicon.ico", "image/x-icon"},
      {"/logo.svg", "image/svg+xml"},
      {"/manifest.webmanifest", "application/manifest+json"},
      {"/fonts/inter.woff2", "font/woff2"},
  };
  for (const auto& [path, type] : types) {
    auto reply = api().get(path);
    EXPECT_EQ(reply.status, 200) << path;
    EXPECT_EQ(header(reply, "content-type"), type) << path;
    expect_protections(reply, path);
  }
  auto script = api().get("/assets/app-abc123.js");
  EXPECT_EQ(script.body, kScript);
  EXPECT_EQ(header(script, "cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(api().get("/favicon.ico"), "cache-control"), "public, max-age=300");
  // A symlink that stays inside the folder is followed.
  EXPECT_EQ(api().get("/inside.js").body, kScript);
}

TEST_F(WebUiTest, MissingFilesAndSourceMapsAnswer404AndTheApiKeepsItsJson404) {
  start();
  auto missing = api().get("/assets/app-000000.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(header(missing, "content-type"), Not(HasSubstr("html")));
  expect_protections(missing, "a missing file");
  EXPECT_EQ(api().get("/assets/app-abc123.js.map").status, 404);
  auto api_missing = api().get("/api/v1/nope");
  EXPECT_EQ(api_missing.status, 404);
  EXPECT_EQ(api_missing.error_code(), "not_found") << api_missing.body;
  EXPECT_EQ(header(api_missing, "content-type"), "application/json");
  expect_protections(api_missing, "/api/v1/nope");
  // /api/ never falls back to the UI, even without an extension or under another method.
  EXPECT_EQ(api().request("POST", "/api/v1/nope", "", std::string("{}")).error_code(), "not_found");
  EXPECT_EQ(api().get("/api").status, 404);
  expect_protections(api().get("/healthz"), "/healthz");
}

TEST_F(WebUiTest, SourceMapsAreServedWhenAsked) {
  start(", web_source_maps: true");
  auto map = api().get("/assets/app-abc123.js.map");
  EXPECT_EQ(map.status, 200);
  EXPECT_EQ(header(map, "content-type"), "application/json");
}

TEST_F(WebUiTest, PathsThatLeaveTheFolderAreRefused) {
  start();
  for (const std::string path : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                                 "/assets/%2e%2e/%2e%2e/secret.txt", "/escape.txt", "/.hidden", "/%2ehidden",
                                 "/assets/..%5c..%5csecret.txt", "/index.html%00.js", "/%zz.js",
                                 "/../config/engine.yaml", "/%2e%2e/config/engine.yaml"}) {
    auto reply = api().get(path);
    EXPECT_EQ(reply.status, 404) << path << ": " << reply.body;
    EXPECT_THAT(reply.body, Not(HasSubstr("secret outside"))) << path;
    EXPECT_THAT(reply.body, Not(HasSubstr("storage:"))) << path;
  }
  // A folder is never listed.
  EXPECT_EQ(api().get("/assets/").body, kIndex);
  EXPECT_EQ(api().get("/fonts").body, kIndex);
}

TEST_F(WebUiTest, ValidatorsHeadAndMethods) {
  start();
  auto first = api().get("/assets/app-abc123.js");
  const std::string etag = header(first, "etag");
  ASSERT_FALSE(etag.empty());
  auto again = api().request("GET", "/assets/app-abc123.js", "", std::nullopt, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(header(again, "etag"), etag);
  expect_protections(again, "a 304");
  auto other = api().request("GET", "/assets/app-abc123.js", "", std::nullopt, {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body, kScript);
  auto index = api().get("/connections");
  EXPECT_EQ(api().request("GET", "/sign-in", "", std::nullopt, {{"If-None-Match", header(index, "etag")}}).status, 304);

  auto head = api().request("HEAD", "/assets/app-abc123.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(header(head, "content-length"), std::to_string(kScript.size()));
  EXPECT_EQ(header(head, "content-type"), "text/javascript; charset=utf-8");

  auto posted = api().request("POST", "/connections", "", std::string("{}"));
  EXPECT_EQ(posted.status, 405);
  EXPECT_EQ(header(posted, "allow"), "GET, HEAD");
  EXPECT_EQ(api().request("DELETE", "/assets/app-abc123.js").status, 405);
}

TEST(WebUiNotBuilt, TheServiceStartsAndUiPagesSayHowToBuildIt) {
  ServiceUnderTest service("web_ui_missing", "web_dir: nowhere/web");
  service.bootstrap("acme", "owner@acme.test");
  service.start();
  auto page = service.api().get("/connections");
  EXPECT_EQ(page.status, 404);
  EXPECT_THAT(page.body, HasSubstr("nowhere/web/index.html"));
  EXPECT_THAT(page.body, HasSubstr("hsd_web"));
  expect_protections(page, "the UI not built");
  EXPECT_EQ(service.api().get("/healthz").status, 200);
  auto stopped = service.terminate();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  // Logged once, at start, not per request, naming the folder.
  EXPECT_THAT(stopped.err, HasSubstr("nowhere/web/index.html is missing"));
  std::size_t count = 0;
  for (auto at = stopped.err.find("the web UI is not built"); at != std::string::npos;
       at = stopped.err.find("the web UI is not built", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << stopped.err;
}

// The API's reads carry a strong ETag; asking again with it answers 304 with no body until the
// data changes. This is what lets the Connections page poll cheaply.
TEST_F(WebUiTest, ApiReadsAnswer304UntilTheirDataChanges) {
  start();
  const std::string list = "/api/v1/workspaces/" + std::to_string(owner_.workspace_id) + "/connections";
  auto created = api().post(list, owner_.token, R"({"plugin":"echo_source","token":"echo-acct1","label":"Acme"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json()->getValue<std::int64_t>("id");
  ASSERT_NE(service_->wait_for_log("\"job succeeded\""), "");

  auto first = api().get(list, owner_.token);
  ASSERT_EQ(first.status, 200);
  const std::string etag = header(first, "etag");
  ASSERT_THAT(etag, ::testing::MatchesRegex("\"[0-9a-f]{32}\""));
  EXPECT_EQ(header(first, "cache-control"), "no-cache");
  EXPECT_EQ(header(first, "vary"), "Cookie, Authorization");
  expect_protections(first, "an API read");

  auto same = api().request("GET", list, owner_.token, std::nullopt, {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_EQ(same.body, "");
  EXPECT_EQ(header(same, "etag"), etag);
  // Without the token the validator does not help: authentication comes first.
  EXPECT_EQ(api().request("GET", list, "", std::nullopt, {{"If-None-Match", etag}}).status, 401);

  ASSERT_EQ(api().patch(connection_path(id), owner_.token, R"({"label":"Acme EU"})").status, 200);
  auto changed = api().request("GET", list, owner_.token, std::nullopt, {{"If-None-Match", etag}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(header(changed, "etag"), etag);
  EXPECT_THAT(changed.body, HasSubstr("Acme EU"));
  // Writes and errors carry no validator.
  auto renamed = api().patch(connection_path(id), owner_.token, R"({"label":"Acme US"})");
  EXPECT_EQ(header(renamed, "etag"), "");
  EXPECT_EQ(header(renamed, "cache-control"), "no-store");
  EXPECT_EQ(header(api().get("/api/v1/connections/999999", owner_.token), "etag"), "");
}

}  // namespace
}  // namespace hsd::testing
