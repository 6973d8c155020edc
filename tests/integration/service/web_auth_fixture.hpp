// A real `hsdeploy serve` for the browser sign-in tests: its public URL is
// http://127.0.0.1:8080 (the Origin the tests send; the service itself listens on a free port),
// a bootstrapped owner whose one-time link sets a password, helpers that act like a browser
// (a cookie, Origin and X-CSRF-Token) and direct access to the SQLite database, to age a session,
// a link or a throttle without waiting real time.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "service_harness.hpp"

namespace hsd::testing {

inline constexpr const char* kServiceOrigin = "http://127.0.0.1:8080";
inline constexpr const char* kOwnerEmail = "owner@acme.test";
inline constexpr const char* kOwnerPassword = "correct horse battery staple";

// What a browser holds after signing in.
struct BrowserSession {
  std::string cookie;  // "hsd_session=..."
  std::string csrf;
};

class WebAuthTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  const ApiClient& api() { return service_->api(); }
  ServiceUnderTest& service() { return *service_; }

  // The token in a one-time link's fragment.
  static std::string link_token(const std::string& url);
  // POST with a JSON body and the given headers (no bearer token).
  HttpReply post_json(const std::string& path, const std::string& body, const std::map<std::string, std::string>& headers = {});
  HttpReply sign_in(const std::string& email, const std::string& password, const std::map<std::string, std::string>& headers = {});
  HttpReply set_password(const std::string& token, const std::string& password);
  // The session of a 200 sign-in or set-password answer.
  static BrowserSession session_of(const HttpReply& reply);
  // A request as the web UI sends it: the cookie, and for a change Origin and X-CSRF-Token.
  HttpReply browser(const std::string& method, const std::string& path, const BrowserSession& session,
                    const std::optional<std::string>& body = std::nullopt);

  // One value from the database ("" for NULL or no row).
  std::string sql_value(const std::string& query);
  void sql_exec(const std::string& statement);

  std::unique_ptr<ServiceUnderTest> service_;
  std::int64_t workspace_id_ = 0;
  std::int64_t owner_id_ = 0;
  std::string owner_token_;   // the bootstrap API token
  std::string owner_link_;    // the bootstrap password link
};

}  // namespace hsd::testing
