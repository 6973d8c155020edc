// TLS against a server whose certificate is signed by a CA made at test time: verification
// must fail without that CA and succeed with it as ca_file.
#include <Poco/Net/SSLManager.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "hsd/engine/http_client.hpp"
#include "test_server.hpp"

namespace hsd::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Poco::Net::initializeSSL();
    std::string pattern = (std::filesystem::temp_directory_path() / "hsd_tls_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::ofstream(dir_ / "server.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                                          "basicConstraints=CA:FALSE\n";
    std::ofstream(dir_ / "other.ext") << "subjectAltName=DNS:other.example\n"
                                         "basicConstraints=CA:FALSE\n";
    const std::string d = dir_.string();
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    const std::string script =
        "set -e; cd '" + d + "'; " + "openssl req -x509" + ec +
        " -keyout ca.key -out ca.pem -days 2 -subj /CN=hsd-test-ca; " + "openssl req" + ec +
        " -keyout server.key -out server.csr -subj /CN=127.0.0.1; " +
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out server.pem -days 2 -extfile server.ext; " +
        "openssl req" + ec + " -keyout other.key -out other.csr -subj /CN=other.example; " +
        "openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out other.pem -days 2 -extfile other.ext";
    const std::string command = "sh -c \"" + script + "\" >'" + d + "/openssl.log' 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl failed; see " << d << "/openssl.log";
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  static std::string ca_file() { return (dir_ / "ca.pem").string(); }
  static std::unique_ptr<TestServer> start_server(const std::string& name = "server") {
    return std::make_unique<TestServer>(
        [](auto& request, auto& response) {
          const std::string body = "secure " + request.getURI();
          response.setContentLength(static_cast<std::streamsize>(body.size()));
          response.send() << body;
        },
        (dir_ / (name + ".pem")).string(), (dir_ / (name + ".key")).string());
  }
  static std::string url(const TestServer& server, const std::string& path) {
    return "https://127.0.0.1:" + std::to_string(server.port()) + path;
  }

  static std::filesystem::path dir_;
};

std::filesystem::path TlsTest::dir_;

TEST_F(TlsTest, UnknownIssuerFailsVerification) {
  auto server = start_server();
  HttpClient client;
  auto response = client.send(make_request("GET", url(*server, "/secure?state=query-secret-value"),
                                           {}, {}, std::chrono::milliseconds(5000)));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_THAT(response.error().message, HasSubstr("GET " + url(*server, "/secure") + " failed: "));
  EXPECT_THAT(response.error().message, HasSubstr("certificate"));
  EXPECT_THAT(response.error().message, Not(HasSubstr("query-secret-value")));
  EXPECT_EQ(response.error().reason, "tls_error");
  EXPECT_EQ(transport_cause(response.error()),
            "TLS certificate of 127.0.0.1 failed verification: unable to get local issuer certificate");
}

TEST_F(TlsTest, SelfSignedCertificateSaysSo) {
  // The test CA's own certificate: signed by itself, trusted by nobody here.
  auto server = start_server("ca");
  HttpClient client;
  auto response = client.send(make_request("GET", url(*server, "/x"), {}, {}, std::chrono::milliseconds(5000)));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(response.error().retryable);
  EXPECT_EQ(response.error().reason, "tls_error");
  EXPECT_EQ(transport_cause(response.error()),
            "TLS certificate of 127.0.0.1 failed verification: self-signed certificate");
}

TEST_F(TlsTest, TrustedWithCaFileSucceedsAndReusesTheConnection) {
  auto server = start_server();
  HttpClientOptions options;
  options.ca_file = ca_file();
  HttpClient client(options);
  for (int i = 0; i < 3; ++i) {
    auto response =
        client.send(make_request("GET", url(*server, "/secure?i=" + std::to_string(i))));
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "secure /secure?i=" + std::to_string(i));
  }
  EXPECT_EQ(server->connections(), 1u);
}

TEST_F(TlsTest, HostNameMustMatchTheCertificate) {
  // Signed by the trusted CA, but for other.example, not the 127.0.0.1 we connect to.
  auto server = start_server("other");
  HttpClientOptions options;
  options.ca_file = ca_file();
  HttpClient client(options);
  auto response = client.send(make_request("GET", url(*server, "/x")));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_THAT(response.error().message, HasSubstr("127.0.0.1")) << response.error().message;
  EXPECT_EQ(response.error().reason, "tls_error");
  EXPECT_EQ(transport_cause(response.error()),
            "TLS certificate of 127.0.0.1 failed verification: it is not valid for the name 127.0.0.1");
}

TEST_F(TlsTest, VerificationOffAcceptsAnUnknownIssuerOnlyWhenAskedTo) {
  auto server = start_server();
  HttpClientOptions options;
  options.verify_tls = false;
  HttpClient client(options);
  auto response = client.send(make_request("GET", url(*server, "/insecure")));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "secure /insecure");
}

}  // namespace
}  // namespace hsd::engine::testing
