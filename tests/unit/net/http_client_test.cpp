#include "hsd/engine/http_client.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <future>
#include <sstream>
#include <thread>
#include <vector>

#include "test_server.hpp"

namespace hsd::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string url(const TestServer& server, const std::string& path_and_query) {
  return "http://127.0.0.1:" + std::to_string(server.port()) + path_and_query;
}

// Echoes the method, the request body and one request header back.
void echo(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  std::string body;
  Poco::StreamCopier::copyToString(request.stream(), body);
  response.setStatus(request.getMethod() == "POST" ? Poco::Net::HTTPResponse::HTTP_CREATED
                                                   : Poco::Net::HTTPResponse::HTTP_OK);
  response.setContentType("text/plain");
  response.set("X-Echo-Method", request.getMethod());
  response.set("X-Echo-Header", request.get("X-Test", ""));
  response.set("X-Echo-Length", request.get("Content-Length", "none"));
  response.set("X-Echo-Uri", request.getURI());
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
}

TEST(HttpClient, GetReadsStatusHeadersAndBody) {
  TestServer server([](auto& request, auto& response) {
    response.setContentType("application/json");
    response.set("X-Request-Id", "abc-123");
    const std::string body = "{\"path\":\"" + request.getURI() + "\"}";
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
  });
  HttpClient client;
  auto response = client.send(make_request("GET", url(server, "/things?page=2")));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{\"path\":\"/things?page=2\"}");
  // Header lookup ignores case.
  EXPECT_EQ(response->header("content-type"), "application/json");
  EXPECT_EQ(response->header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(response->header("x-request-id"), "abc-123");
  EXPECT_EQ(response->header("x-absent"), "");
}

TEST(HttpClient, PostSendsBodyWithContentLengthAndHeaders) {
  TestServer server(echo);
  HttpClient client;
  const std::string body = "{\"name\":\"value\"}";
  auto response =
      client.send(make_request("POST", url(server, "/items"), body,
                               {{"X-Test", "header-value"}, {"Content-Type", "application/json"}}));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, body);
  EXPECT_EQ(response->header("X-Echo-Method"), "POST");
  EXPECT_EQ(response->header("X-Echo-Header"), "header-value");
  EXPECT_EQ(response->header("X-Echo-Length"), std::to_string(body.size()));
}

TEST(HttpClient, LargeBodiesTravelBothWays) {
  TestServer server(echo);
  HttpClient client;
  std::string body(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  auto response = client.send(make_request("PUT", url(server, "/big"), body));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, body);
}

TEST(HttpClient, HttpErrorStatusesAreResponses) {
  TestServer server([](auto&, auto& response) {
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
    response.setContentLength(9);
    response.send() << "not found";
  });
  HttpClient client;
  auto response = client.send(make_request("GET", url(server, "/missing")));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "not found");
}

TEST(HttpClient, ReadsChunkedResponses) {
  std::string expected;
  for (int i = 0; i < 50; ++i) expected += "chunk-" + std::to_string(i) + ";";
  TestServer server([](auto&, auto& response) {
    response.setChunkedTransferEncoding(true);
    std::ostream& out = response.send();
    for (int i = 0; i < 50; ++i) {
      out << "chunk-" << i << ";";
      out.flush();  // each flush is one chunk on the wire
    }
  });
  HttpClient client;
  auto response = client.send(make_request("GET", url(server, "/stream")));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->header("transfer-encoding"), "chunked");
  EXPECT_EQ(response->body, expected);
}

TEST(HttpClient, ReusesKeptAliveConnections) {
  TestServer server(echo);
  HttpClient client;
  for (int i = 0; i < 5; ++i) {
    auto response = client.send(make_request(i % 2 ? "POST" : "GET", url(server, "/n"), "x"));
    ASSERT_TRUE(response.ok()) << response.error().message;
  }
  EXPECT_EQ(server.connections(), 1u);
}

TEST(HttpClient, WithoutIdleSessionsEveryRequestConnects) {
  TestServer server(echo);
  HttpClientOptions options;
  options.max_idle_per_origin = 0;
  HttpClient client(options);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.send(make_request("GET", url(server, "/n"))).ok());
  EXPECT_EQ(server.connections(), 3u);
}

TEST(HttpClient, IsSafeToShareAcrossThreads) {
  TestServer server(echo);
  HttpClient client;
  constexpr int kThreads = 4;
  constexpr int kRequests = 20;
  std::vector<std::future<int>> results;
  for (int t = 0; t < kThreads; ++t) {
    results.push_back(std::async(std::launch::async, [&client, &server, t] {
      int ok = 0;
      for (int i = 0; i < kRequests; ++i) {
        const std::string body = std::to_string(t) + ":" + std::to_string(i);
        auto response = client.send(make_request("POST", url(server, "/t"), body));
        if (response.ok() && response->body == body) ++ok;
      }
      return ok;
    }));
  }
  for (auto& result : results) EXPECT_EQ(result.get(), kRequests);
  // Pooled: far fewer connections than requests, at most one per concurrent caller.
  EXPECT_LE(server.connections(), static_cast<std::size_t>(kThreads));
}

TEST(HttpClient, TimesOutAgainstASlowHandler) {
  Gate gate;
  TestServer server([&gate](auto&, auto& response) {
    gate.wait();
    response.setContentLength(0);
    response.send();
  });
  HttpClient client;
  auto response = client.send(make_request("GET", url(server, "/slow?code=secret-code-value"), {},
                                           {}, std::chrono::milliseconds(200)));
  gate.open();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(response.error().retryable);
  EXPECT_THAT(response.error().message, HasSubstr("GET " + url(server, "/slow") + " failed: "));
  EXPECT_EQ(response.error().reason, "timeout");
  EXPECT_EQ(transport_cause(response.error()),
            "no answer from 127.0.0.1:" + std::to_string(server.port()) + " within 200 ms");
  EXPECT_THAT(response.error().message, Not(HasSubstr("secret-code-value")));
  EXPECT_THAT(response.error().message, Not(HasSubstr("?")));
}

TEST(HttpClient, ConnectionRefusedIsUnavailable) {
  Poco::UInt16 port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = probe.address().port();
  }  // closed: nothing listens on the port now
  HttpClient client;
  const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/items";
  auto response =
      client.send(make_request("POST", base + "?access_token=tok-123456789", "body-secret-value",
                               {{"Authorization", "Bearer header-secret-value"}}));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(response.error().retryable);
  EXPECT_THAT(response.error().message, HasSubstr("POST " + base + " failed: "));
  for (const char* secret :
       {"tok-123456789", "access_token", "header-secret-value", "body-secret-value"})
    EXPECT_THAT(response.error().message, Not(HasSubstr(secret)));
  EXPECT_EQ(response.error().reason, "connection_refused");
  EXPECT_EQ(transport_cause(response.error()), "connection refused by 127.0.0.1:" + std::to_string(port));
}

TEST(HttpClient, UnresolvableHostIsADnsFailure) {
  // RFC 6761: names under .invalid never resolve, with or without a network.
  HttpClient client;
  auto response = client.send(make_request("GET", "http://hsd-test.invalid/api?key=secret-value", {}, {},
                                           std::chrono::milliseconds(5000)));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(response.error().retryable);
  EXPECT_EQ(response.error().reason, "dns_failure");
  EXPECT_EQ(response.error().message, "GET http://hsd-test.invalid/api failed: could not resolve host hsd-test.invalid");
}

TEST(HttpClient, AServerThatNeverAnswersIsATimeout) {
  // Listening, so the kernel completes the connection, but nobody ever accepts or answers.
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
  const std::string peer = "127.0.0.1:" + std::to_string(silent.address().port());
  HttpClient client;
  auto response = client.send(make_request("GET", "http://" + peer + "/quiet", {}, {}, std::chrono::milliseconds(300)));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(response.error().retryable);
  EXPECT_EQ(response.error().reason, "timeout");
  EXPECT_EQ(transport_cause(response.error()), "no answer from " + peer + " within 300 ms");
}

TEST(HttpClient, TransportCauseLeavesOtherMessagesWhole) {
  EXPECT_EQ(transport_cause(make_error(ErrorCode::internal, "no separator here")), "no separator here");
  EXPECT_EQ(transport_cause(make_error(ErrorCode::unavailable, "GET http://h/p failed: a failed: b")), "a failed: b");
}

TEST(HttpClient, ServerClosingMidResponseIsUnavailable) {
  TestServer server([](auto&, auto& response) {
    response.setContentLength(100);
    std::ostream& out = response.send();
    out << "short";
    out.flush();
    // Escaping the handler makes Poco drop the connection 95 bytes early.
    throw Poco::IOException("test handler aborts the connection");
  });
  HttpClient client;
  auto response = client.send(make_request("GET", url(server, "/cut?x=1")));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_THAT(response.error().message, HasSubstr("GET " + url(server, "/cut") + " failed: "));
  EXPECT_EQ(response.error().reason, "connection_closed");
  EXPECT_EQ(transport_cause(response.error()), "127.0.0.1:" + std::to_string(server.port()) +
                                                   " closed the connection after 5 bytes of the response body");
}

// A bare socket server that answers each of `connections` connections once with `reply` and
// then closes it: by default a keep-alive framed response, as servers with short idle
// timeouts send before dropping the connection.
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                         int connections = 2)
      : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this, reply, connections] {
      for (int i = 0; i < connections; ++i) {
        Poco::Net::StreamSocket connection;
        try {
          connection = socket_.acceptConnection();
        } catch (const Poco::Exception&) {
          return;  // the destructor shut the listener down: a test ended early
        }
        std::string request;
        char buffer[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
          const int n = connection.receiveBytes(buffer, sizeof buffer);
          if (n <= 0) break;
          request.append(buffer, static_cast<std::size_t>(n));
        }
        connection.sendBytes(reply.data(), static_cast<int>(reply.size()));
        connection.close();
        ++accepted_;
      }
    });
  }
  ~OneShotServer() {
    // Unblocks accept() if the test failed before making every expected connection.
    ::shutdown(socket_.impl()->sockfd(), SHUT_RDWR);
    thread_.join();
  }
  Poco::UInt16 port() const { return socket_.address().port(); }
  int accepted() const { return accepted_; }

 private:
  Poco::Net::ServerSocket socket_;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

TEST(HttpClient, RetriesOnAFreshConnectionWhenAKeptAliveOneWasDropped) {
  OneShotServer server;
  HttpClient client;
  const std::string target = "http://127.0.0.1:" + std::to_string(server.port()) + "/again";
  for (int i = 0; i < 2; ++i) {
    auto response = client.send(make_request("GET", target));
    ASSERT_TRUE(response.ok()) << "request " << i << ": " << response.error().message;
    EXPECT_EQ(response->body, "ok");
  }
}

class TruncatedChunkedTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TruncatedChunkedTest, IsUnavailable) {
  OneShotServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + GetParam(), 1);
  HttpClient client;
  auto response =
      client.send(make_request("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/c"));
  ASSERT_FALSE(response.ok()) << "body: " << response->body;
  EXPECT_EQ(response.error().code, ErrorCode::unavailable);
  EXPECT_EQ(response.error().reason, "connection_closed");
}

// Cut inside a chunk, and cut between chunks (before the terminating zero-size chunk).
INSTANTIATE_TEST_SUITE_P(Cuts, TruncatedChunkedTest,
                         ::testing::Values(std::string("a\r\nhello"),
                                           std::string("5\r\nhello\r\n")),
                         [](const auto& info) {
                           return std::string(info.index == 0 ? "InsideAChunk" : "BetweenChunks");
                         });

TEST(HttpClient, SendsPlainRequestsThroughTheProxy) {
  // The proxy sees the absolute URL and the proxy credentials; the origin is never contacted.
  TestServer proxy([](auto& request, auto& response) {
    const std::string body = request.getURI() + " " + request.get("Proxy-Authorization", "none");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
  });
  HttpClientOptions options;
  options.proxy_url = "http://user:pa%3Ass@127.0.0.1:" + std::to_string(proxy.port());
  HttpClient client(options);
  auto response = client.send(make_request("GET", "http://origin.invalid:8081/path?q=1"));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "http://origin.invalid:8081/path?q=1 Basic dXNlcjpwYTpzcw==");
}

TEST(HttpClient, RejectsUnsupportedUrls) {
  HttpClient client;
  for (const char* bad : {"ftp://example.com/file", "not a url at all", "http:///nohost"}) {
    auto response = client.send(make_request("GET", bad));
    ASSERT_FALSE(response.ok()) << bad;
    EXPECT_EQ(response.error().code, ErrorCode::invalid_argument) << bad;
  }
  auto with_query = client.send(make_request("GET", "ftp://example.com/file?token=abcdefgh"));
  ASSERT_FALSE(with_query.ok());
  EXPECT_THAT(with_query.error().message, Not(HasSubstr("abcdefgh")));
}

}  // namespace
}  // namespace hsd::engine::testing
