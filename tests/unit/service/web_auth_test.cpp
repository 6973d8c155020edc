// The pieces of the browser session's defence that need no server: the origin a browser would
// send for service.public_url, reading one cookie out of a Cookie header, and the cookie's
// attributes (Secure only behind an https public URL, no Max-Age until it is cleared).
#include <gtest/gtest.h>

#include "service/web_auth.hpp"

namespace hsd::engine::service {
namespace {

TEST(WebAuth, TheOriginOfAUrlIsWhatABrowserSends) {
  EXPECT_EQ(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(origin_of("http://127.0.0.1:8080/some/path?q=1"), "http://127.0.0.1:8080");
  EXPECT_EQ(origin_of("https://Deploy.Example.TEST/"), "https://deploy.example.test");
  EXPECT_EQ(origin_of("https://deploy.example.test:443"), "https://deploy.example.test");
  EXPECT_EQ(origin_of("http://deploy.example.test:80/"), "http://deploy.example.test");
  EXPECT_EQ(origin_of("https://deploy.example.test:8443"), "https://deploy.example.test:8443");
  EXPECT_EQ(origin_of("ftp://deploy.example.test"), "");
  EXPECT_EQ(origin_of("not a url"), "");
}

TEST(WebAuth, ReadsOneCookieFromTheHeader) {
  EXPECT_EQ(cookie_value("hsd_session=abc", "hsd_session"), "abc");
  EXPECT_EQ(cookie_value("theme=dark; hsd_session=a-b_c ; other=1", "hsd_session"), "a-b_c");
  EXPECT_EQ(cookie_value("xhsd_session=no; hsd_session_old=no", "hsd_session"), "");
  EXPECT_EQ(cookie_value("hsd_session=\"quoted\"", "hsd_session"), "quoted");
  EXPECT_EQ(cookie_value("", "hsd_session"), "");
  EXPECT_EQ(cookie_value("garbage;;=;hsd_session", "hsd_session"), "");
}

TEST(WebAuth, TheCookieIsHttpOnlyLaxAndSecureOnlyForHttps) {
  EXPECT_EQ(session_cookie("t0k", "http://127.0.0.1:8080"), "hsd_session=t0k; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(session_cookie("t0k", "https://deploy.example.test"),
            "hsd_session=t0k; Path=/; HttpOnly; SameSite=Lax; Secure");
  EXPECT_EQ(cleared_session_cookie("http://127.0.0.1:8080"), "hsd_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  EXPECT_EQ(cleared_session_cookie("HTTPS://deploy.example.test"),
            "hsd_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
}

}  // namespace
}  // namespace hsd::engine::service
