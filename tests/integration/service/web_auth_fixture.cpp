#include "web_auth_fixture.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "service_database.hpp"

namespace hsd::testing {

void WebAuthTest::SetUp() {
  const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  service_ = std::make_unique<ServiceUnderTest>("web_auth_" + name, std::string("public_url: \"") + kServiceOrigin + "\"");
  auto made = service_->cli().run({"admin", "bootstrap", "--workspace", "acme", "--email", kOwnerEmail, "--output", "json"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto out = Poco::JSON::Parser().parse(made.out).extract<Poco::JSON::Object::Ptr>();
  workspace_id_ = out->getObject("workspace")->getValue<std::int64_t>("id");
  owner_id_ = out->getObject("user")->getValue<std::int64_t>("id");
  owner_token_ = out->getValue<std::string>("token");
  owner_link_ = out->getObject("password_link")->getValue<std::string>("url");
  service_->start();
}

void WebAuthTest::TearDown() { service_.reset(); }

std::string WebAuthTest::link_token(const std::string& url) {
  const auto at = url.find("#token=");
  if (at == std::string::npos) throw std::runtime_error("not a password link: " + url);
  return url.substr(at + 7);
}

HttpReply WebAuthTest::post_json(const std::string& path, const std::string& body,
                                 const std::map<std::string, std::string>& headers) {
  return api().request("POST", path, "", body, headers);
}

HttpReply WebAuthTest::sign_in(const std::string& email, const std::string& password,
                               const std::map<std::string, std::string>& headers) {
  Poco::JSON::Object body;
  body.set("email", email);
  body.set("password", password);
  std::ostringstream text;
  body.stringify(text);
  return post_json("/api/v1/auth/sign-in", text.str(), headers);
}

HttpReply WebAuthTest::set_password(const std::string& token, const std::string& password) {
  Poco::JSON::Object body;
  body.set("token", token);
  body.set("password", password);
  std::ostringstream text;
  body.stringify(text);
  return post_json("/api/v1/auth/set-password", text.str(), {{"Origin", kServiceOrigin}});
}

BrowserSession WebAuthTest::session_of(const HttpReply& reply) {
  BrowserSession session;
  const auto cookie = reply.headers.find("set-cookie");
  if (cookie == reply.headers.end()) throw std::runtime_error("no Set-Cookie in: " + reply.body);
  session.cookie = cookie->second.substr(0, cookie->second.find(';'));
  session.csrf = reply.json()->getValue<std::string>("csrf_token");
  return session;
}

HttpReply WebAuthTest::browser(const std::string& method, const std::string& path, const BrowserSession& session,
                               const std::optional<std::string>& body) {
  std::map<std::string, std::string> headers{{"Cookie", session.cookie}};
  if (method != "GET") {
    headers["Origin"] = kServiceOrigin;
    headers["X-CSRF-Token"] = session.csrf;
  }
  return api().request(method, path, "", body, headers);
}

std::string WebAuthTest::sql_value(const std::string& query) {
  return database_value(service_->cli().dir() / "var" / "hsdeploy.db", query).value_or("");
}

void WebAuthTest::sql_exec(const std::string& statement) {
  database_exec(service_->cli().dir() / "var" / "hsdeploy.db", statement);
}

}  // namespace hsd::testing
