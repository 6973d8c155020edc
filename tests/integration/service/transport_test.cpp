// The service's transport: HTTPS with a configured certificate (verified by the client against
// that certificate), and the header and read timeouts that close a client which never finishes its
// request.
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "service_harness.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

// A self-signed certificate for 127.0.0.1, made with the openssl command.
void make_certificate(const std::filesystem::path& dir) {
  const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                              " -addext subjectAltName=IP:127.0.0.1 -keyout " + (dir / "key.pem").string() +
                              " -out " + (dir / "cert.pem").string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

struct HttpsAnswer {
  int status = 0;
  std::string body;
};

HttpsAnswer https_get(const std::string& url, const std::string& ca_file, const std::string& path) {
  Poco::Net::initializeSSL();
  Poco::URI uri(url);
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file,
                                                           Poco::Net::Context::VERIFY_STRICT);
  Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), context);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path, Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  HttpsAnswer answer;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), answer.body);
  answer.status = static_cast<int>(response.getStatus());
  return answer;
}

TEST(ServiceTransport, ServesHttpsWithTheConfiguredCertificate) {
  const auto dir = std::filesystem::temp_directory_path() / ("hsd_tls_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  make_certificate(dir);
  ServiceUnderTest service("tls", "tls_cert: " + (dir / "cert.pem").string() + ", tls_key: " + (dir / "key.pem").string());
  service.start();
  const std::string url = service.api().base_url();
  ASSERT_THAT(url, ::testing::StartsWith("https://"));

  auto health = https_get(url, (dir / "cert.pem").string(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_THAT(health.body, HasSubstr("\"ok\""));

  // A client that trusts only the system's authorities refuses the self-signed certificate:
  // verification is real on both sides of the test.
  EXPECT_THROW(https_get(url, "/etc/ssl/certs/ca-certificates.crt", "/healthz"), Poco::Net::SSLException);
  service.terminate();
  std::filesystem::remove_all(dir);
}

TEST(ServiceTransport, RefusesAHalfCertificateConfiguration) {
  ServiceUnderTest service("tls_half", "tls_cert: /nonexistent/cert.pem");
  auto started = service.cli().run({"serve"});
  EXPECT_EQ(started.exit_code, 2);
  EXPECT_THAT(started.err, HasSubstr("tls_cert and tls_key go together"));
}

// Sends text and waits until the server closes: the time that took, or 20 s when it did not.
std::chrono::steady_clock::duration time_until_closed(const std::string& base_url, const std::string& text) {
  Poco::URI uri(base_url);
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()));
  socket.sendBytes(text.data(), static_cast<int>(text.size()));
  socket.setReceiveTimeout(Poco::Timespan(20, 0));
  const auto started = std::chrono::steady_clock::now();
  char buffer[512];
  try {
    // The server gives up on the request and closes (0 bytes), possibly after a 4xx answer.
    while (socket.receiveBytes(buffer, sizeof buffer) > 0) {
    }
  } catch (const Poco::TimeoutException&) {
    return std::chrono::seconds(20);
  } catch (const Poco::Net::NetException&) {
    // A reset is a close too.
  }
  return std::chrono::steady_clock::now() - started;
}

TEST(ServiceTransport, ClosesAClientThatNeverFinishesItsRequest) {
  ServiceUnderTest service("read_timeout", "header_timeout: 1s, read_timeout: 1s");
  service.start();
  // Headers that stop halfway: service.header_timeout.
  const auto headers = time_until_closed(service.api().base_url(), "GET /healthz HTTP/1.1\r\nHost: x\r\n");
  EXPECT_LT(headers, std::chrono::seconds(15)) << "the connection stayed open past the header timeout";
  // A body that stops halfway: service.read_timeout.
  const auto body = time_until_closed(service.api().base_url(),
                                      "POST /api/v1/workspaces HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"na");
  EXPECT_LT(body, std::chrono::seconds(15)) << "the connection stayed open past the read timeout";
  // The service still answers others.
  EXPECT_EQ(service.api().get("/healthz").status, 200);
}

}  // namespace
}  // namespace hsd::testing
