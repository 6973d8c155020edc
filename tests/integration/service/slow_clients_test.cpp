// The HTTP server under idle and slow clients: against the real `hsdeploy serve` with only four
// request threads, 1,000 idle keep-alive connections (each answered once) and 200 half-sent
// requests (slowloris: a request line and part of the headers, then nothing) are held open
// while fresh requests are answered within a loose bound; half-sent requests are closed after
// service.header_timeout, idle ones after service.idle_timeout; the body limit (by
// Content-Length and chunked), overlong headers and TLS still behave. Loopback traffic only.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service_harness.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

constexpr int kIdleConnections = 1000;
constexpr int kHalfSentRequests = 200;
constexpr auto kFreshRequestBound = std::chrono::seconds(2);
constexpr std::int64_t kMaxBody = 2048;

// The test holds more than a thousand sockets: a fresh Debian 12 session starts at 1,024.
void raise_own_open_files_limit() {
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  limit.rlim_cur = limit.rlim_max;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < kIdleConnections + kHalfSentRequests + 200) {
    GTEST_SKIP() << "the hard open-files limit (" << limit.rlim_max << ") is too low to hold the connections";
  }
}

int port_of(const std::string& base_url) { return Poco::URI(base_url).getPort(); }

struct RawReply {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
};

// One client TCP connection to 127.0.0.1 driven byte by byte, with deadlines instead of sleeps.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd_);
      throw std::runtime_error("connect: " + reason);
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // One answer (Content-Length framed); nullopt when the connection closed or the deadline passed.
  std::optional<RawReply> read_reply(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::size_t end_of_head = std::string::npos;
    while ((end_of_head = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!receive(deadline)) return std::nullopt;
    }
    RawReply reply;
    reply.head = pending_.substr(0, end_of_head + 2);
    reply.status = std::atoi(reply.head.substr(9, 3).c_str());
    std::size_t length = 0;
    std::string lower = reply.head;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto at = lower.find("content-length:"); at != std::string::npos) {
      length = static_cast<std::size_t>(std::atoll(lower.c_str() + at + 15));
    }
    while (pending_.size() < end_of_head + 4 + length) {
      if (!receive(deadline)) return std::nullopt;
    }
    reply.body = pending_.substr(end_of_head + 4, length);
    pending_.erase(0, end_of_head + 4 + length);
    return reply;
  }

  // True once the server has closed the connection (end of stream or reset), within timeout.
  bool wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (!receive(deadline)) return closed_;
    }
    return closed_;
  }

  // Neither data nor a close has arrived so far (looks without waiting).
  bool quiet() {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
  }

 private:
  // Appends what arrives before the deadline; false when nothing more will come in time.
  bool receive(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buffer[8192];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    pending_.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string pending_;
  bool closed_ = false;
};

std::string get_request(const std::string& path, const std::string& token = "") {
  std::string text = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) text += "Authorization: Bearer " + token + "\r\n";
  return text + "\r\n";
}

// A request line and part of the headers; the rest never comes.
const std::string kHalfSent = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow";

class ServiceSlowClients : public ::testing::Test {
 protected:
  void SetUp() override { raise_own_open_files_limit(); }
};

TEST_F(ServiceSlowClients, HeldIdleAndHalfSentConnectionsDoNotStarveFreshRequests) {
  // header_timeout long enough that the half-sent requests stay held through the whole test.
  ServiceUnderTest service("slow_clients_held", "threads: 4, header_timeout: 60s, idle_timeout: 60s, max_body_bytes: " +
                                                    std::to_string(kMaxBody));
  const auto owner = service.bootstrap("acme", "owner@acme.test");
  service.start();
  const int port = port_of(service.api().base_url());
  const std::string connections = "/api/v1/workspaces/" + std::to_string(owner.workspace_id) + "/connections";

  // 1,000 keep-alive connections, each answered once, then left idle.
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < kIdleConnections; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(idle.back()->send(get_request("/healthz"))) << "connection " << i;
  }
  for (int i = 0; i < kIdleConnections; ++i) {
    auto reply = idle[static_cast<std::size_t>(i)]->read_reply(std::chrono::seconds(30));
    ASSERT_TRUE(reply) << "idle connection " << i << " got no first answer";
    ASSERT_EQ(reply->status, 200) << reply->head;
  }
  // 200 requests that stop halfway through their headers.
  std::vector<std::unique_ptr<RawConnection>> half_sent;
  for (int i = 0; i < kHalfSentRequests; ++i) {
    half_sent.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(half_sent.back()->send(kHalfSent));
  }

  // Fresh requests, each on a new connection, are answered promptly meanwhile: the health
  // check, and a call that needs a request thread, the token and storage.
  auto slowest = Clock::duration::zero();
  for (int i = 0; i < 20; ++i) {
    RawConnection fresh(port);
    const auto started = Clock::now();
    ASSERT_TRUE(fresh.send(get_request(i % 2 ? connections : "/healthz", owner.token)));
    auto reply = fresh.read_reply(std::chrono::seconds(10));
    const auto took = Clock::now() - started;
    ASSERT_TRUE(reply) << "fresh request " << i << " got no answer while the connections were held";
    EXPECT_EQ(reply->status, 200) << reply->head << reply->body;
    EXPECT_LT(took, kFreshRequestBound) << "fresh request " << i;
    slowest = std::max(slowest, took);
  }
  // The harness's own client too (Poco, its own connection).
  EXPECT_EQ(service.api().get(connections, owner.token).status, 200);

  // The body limit still holds: a declared length over it answers 413 unread, a chunked body
  // over it 413; both close the connection.
  {
    RawConnection declared(port);
    ASSERT_TRUE(declared.send("POST " + connections + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                              owner.token + "\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n{"));
    auto reply = declared.read_reply(std::chrono::seconds(10));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_THAT(reply->body, HasSubstr("max_body_bytes"));
    EXPECT_TRUE(declared.wait_closed(std::chrono::seconds(10)));
  }
  {
    RawConnection chunked(port);
    const std::string chunk(1000, 'x');
    std::string request = "POST " + connections + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                          owner.token + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 4; ++i) request += "3e8\r\n" + chunk + "\r\n";  // 4,000 bytes > 2,048
    request += "0\r\n\r\n";
    ASSERT_TRUE(chunked.send(request));
    auto reply = chunked.read_reply(std::chrono::seconds(10));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_THAT(reply->body, HasSubstr("max_body_bytes"));
    EXPECT_TRUE(chunked.wait_closed(std::chrono::seconds(10)));
  }
  // Headers beyond 16 KiB answer 431 (or are closed), never take memory without bound.
  {
    RawConnection overlong(port);
    // The server may close while the headers are still being sent: what was sent is not checked.
    (void)overlong.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + std::string(20 * 1024, 'p') + "\r\n\r\n");
    auto reply = overlong.read_reply(std::chrono::seconds(10));
    if (reply) {
      EXPECT_EQ(reply->status, 431) << reply->head;
    }
    EXPECT_TRUE(overlong.wait_closed(std::chrono::seconds(10)));
  }
  // Nothing was stored by the refused requests.
  auto listed = service.api().get(connections, owner.token);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.array()->size(), 0u);

  // The held connections were held, not dropped: the half-sent ones got neither an answer nor a
  // close, and the idle ones still answer a second request.
  int half_sent_quiet = 0;
  for (auto& connection : half_sent) half_sent_quiet += connection->quiet() ? 1 : 0;
  EXPECT_EQ(half_sent_quiet, kHalfSentRequests);
  for (int i = 0; i < kIdleConnections; i += 100) {
    auto& connection = *idle[static_cast<std::size_t>(i)];
    ASSERT_TRUE(connection.send(get_request("/healthz")));
    auto reply = connection.read_reply(std::chrono::seconds(10));
    ASSERT_TRUE(reply) << "idle connection " << i << " was closed";
    EXPECT_EQ(reply->status, 200);
  }
  std::cout << "[ figures  ] slowest of 20 fresh requests with " << kIdleConnections << " idle and "
            << kHalfSentRequests << " half-sent connections held: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count() << " ms\n";
  EXPECT_EQ(service.terminate().exit_code, 0);  // under ThreadSanitizer a race would end it otherwise
}

TEST_F(ServiceSlowClients, AHalfSentRequestIsClosedAfterTheHeaderTimeout) {
  ServiceUnderTest service("slow_clients_deadline", "threads: 4, header_timeout: 1s, idle_timeout: 2s");
  service.start();
  const int port = port_of(service.api().base_url());

  std::vector<std::unique_ptr<RawConnection>> half_sent;
  const auto started = Clock::now();
  for (int i = 0; i < kHalfSentRequests; ++i) {
    half_sent.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(half_sent.back()->send(kHalfSent));
  }
  // A keep-alive connection answered once, then idle.
  RawConnection idle(port);
  ASSERT_TRUE(idle.send(get_request("/healthz")));
  ASSERT_TRUE(idle.read_reply(std::chrono::seconds(10)));
  const auto idle_since = Clock::now();

  for (int i = 0; i < kHalfSentRequests; ++i) {
    ASSERT_TRUE(half_sent[static_cast<std::size_t>(i)]->wait_closed(std::chrono::seconds(10)))
        << "half-sent request " << i << " was still open 10 s after its headers stalled";
  }
  const auto all_closed = Clock::now() - started;
  EXPECT_GE(all_closed, std::chrono::milliseconds(900)) << "closed before the header timeout";
  EXPECT_LT(all_closed, std::chrono::seconds(6));

  ASSERT_TRUE(idle.wait_closed(std::chrono::seconds(15))) << "the idle connection outlived idle_timeout";
  EXPECT_GE(Clock::now() - idle_since, std::chrono::milliseconds(1800)) << "closed before the idle timeout";
  // The service still answers.
  EXPECT_EQ(service.api().get("/healthz").status, 200);
  EXPECT_EQ(service.terminate().exit_code, 0);
}

TEST_F(ServiceSlowClients, StopClosesHeldConnectionsAndEndsPromptly) {
  // Deadlines far away: only the stop can close these connections within the test's bound.
  ServiceUnderTest service("slow_clients_stop", "threads: 4, header_timeout: 60s, idle_timeout: 60s");
  service.start();
  const int port = port_of(service.api().base_url());
  std::vector<std::unique_ptr<RawConnection>> idle;
  std::vector<std::unique_ptr<RawConnection>> half_sent;
  for (int i = 0; i < 100; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(idle.back()->send(get_request("/healthz")));
    ASSERT_TRUE(idle.back()->read_reply(std::chrono::seconds(10))) << "idle connection " << i;
    half_sent.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(half_sent.back()->send(kHalfSent));
  }
  const auto started = Clock::now();
  const auto stopped = service.terminate();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err.substr(stopped.err.size() > 2000 ? stopped.err.size() - 2000 : 0);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(10)) << "the held connections delayed the stop";
  for (std::size_t i = 0; i < idle.size(); ++i) {
    EXPECT_TRUE(idle[i]->wait_closed(std::chrono::seconds(5))) << "idle connection " << i;
    EXPECT_TRUE(half_sent[i]->wait_closed(std::chrono::seconds(5))) << "half-sent request " << i;
  }
}

// A self-signed certificate for 127.0.0.1, made with the openssl command.
void make_certificate(const std::filesystem::path& dir) {
  const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                              " -addext subjectAltName=IP:127.0.0.1 -keyout " + (dir / "key.pem").string() +
                              " -out " + (dir / "cert.pem").string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

int https_status(const std::string& url, const std::string& ca_file, const std::string& path) {
  Poco::Net::initializeSSL();
  Poco::URI uri(url);
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file,
                                                           Poco::Net::Context::VERIFY_STRICT);
  Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), context);
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path, Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::string body;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
  return static_cast<int>(response.getStatus());
}

TEST_F(ServiceSlowClients, TlsClientsThatNeverHandshakeAreClosedAndOthersServed) {
  const auto dir = std::filesystem::temp_directory_path() / ("hsd_slow_tls_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  make_certificate(dir);
  ServiceUnderTest service("slow_clients_tls", "threads: 4, header_timeout: 1s, tls_cert: " + (dir / "cert.pem").string() +
                                                   ", tls_key: " + (dir / "key.pem").string());
  service.start();
  const std::string url = service.api().base_url();
  ASSERT_THAT(url, ::testing::StartsWith("https://"));
  const int port = port_of(url);

  // Connections that open TCP and never start the handshake (or start it halfway).
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 100; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(port));
    if (i % 2) stalled.back()->send(std::string("\x16\x03\x01\x02\x00\x01", 6));  // a ClientHello's first bytes
  }
  const auto started = Clock::now();
  EXPECT_EQ(https_status(url, (dir / "cert.pem").string(), "/healthz"), 200);
  EXPECT_LT(Clock::now() - started, kFreshRequestBound);
  for (std::size_t i = 0; i < stalled.size(); ++i) {
    ASSERT_TRUE(stalled[i]->wait_closed(std::chrono::seconds(10))) << "stalled handshake " << i << " was kept open";
  }
  EXPECT_EQ(https_status(url, (dir / "cert.pem").string(), "/healthz"), 200);
  EXPECT_EQ(service.terminate().exit_code, 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hsd::testing
