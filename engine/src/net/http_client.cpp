// HttpClient: one request/response exchange over a pooled Poco session. Failures are reported
// with the method and the URL without its query; header values and bodies never reach a
// message or a log.
#include "hsd/engine/http_client.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <array>
#include <istream>
#include <mutex>
#include <optional>
#include <string_view>
#include <variant>

#include "framed_session.hpp"
#include "hsd/engine/log.hpp"
#include "http_target.hpp"
#include "session_pool.hpp"
#include "tls_context.hpp"

namespace hsd::engine {
namespace {

using detail::HttpTarget;
using detail::PlainSession;
using detail::SecureSession;

// Methods a server must treat as repeatable (RFC 9110 9.2.2): safe to resend after a lost
// connection.
bool idempotent(const std::string& method) {
  static constexpr std::array<std::string_view, 6> kMethods = {"GET",    "HEAD",    "PUT",
                                                               "DELETE", "OPTIONS", "TRACE"};
  return std::find(kMethods.begin(), kMethods.end(), method) != kMethods.end();
}

bool body_expected(const std::string& method, int status) {
  return method != "HEAD" && status >= 200 && status != 204 && status != 304;
}

struct ProxySettings {
  std::string host;
  std::uint16_t port = 0;
  std::string user;
  std::string password;
};

// A proxy URL that does not parse leaves host empty; send() then refuses every request rather
// than silently going direct.
std::optional<ProxySettings> parse_proxy(const std::string& url) {
  if (url.empty()) return std::nullopt;
  Poco::URI uri;
  try {
    uri = Poco::URI(url.find("://") == std::string::npos ? "http://" + url : url);
  } catch (const Poco::Exception&) {
    return ProxySettings{};
  }
  ProxySettings proxy{uri.getHost(), uri.getPort(), {}, {}};
  const std::string info = uri.getUserInfo();
  if (!info.empty()) {
    const auto colon = info.find(':');
    Poco::URI::decode(info.substr(0, colon), proxy.user);
    if (colon != std::string::npos) Poco::URI::decode(info.substr(colon + 1), proxy.password);
  }
  return proxy;
}

// How far an attempt got before it failed: decides whether resending is safe.
enum class Stage { before_response, in_response };

// A transport failure: a stable code (dns_failure, connection_refused, tls_error, timeout,
// connection_closed, network_error) and its cause in one sentence naming the host.
struct Failure {
  Stage stage;
  std::string code;
  std::string cause;
  bool timed_out = false;
};

// Separates "<METHOD> <url>" from the cause in a transport failure's message; a URL as
// displayed has no spaces, so the first occurrence is the one send() wrote.
constexpr std::string_view kFailedSeparator = " failed: ";

// Poco throws "connect timed out" when no connection was made within the timeout, and a bare
// timeout when a connected server did not answer in time.
bool connect_timeout(const Poco::TimeoutException& e) {
  return e.message().rfind("connect timed out", 0) == 0;
}

// A handshake that failed because the certificate did not verify says why (self-signed,
// expired, another host's name); any other handshake failure keeps OpenSSL's text.
Failure tls_failure(Stage stage, const std::string& host, const std::string& peer,
                    const Poco::Exception& e, bool name_mismatch) {
  std::string why = detail::take_tls_verification_failure();
  if (why.empty() && name_mismatch) why = "it is not valid for the name " + host;
  if (!why.empty()) return Failure{stage, "tls_error", "TLS certificate of " + host + " failed verification: " + why};
  return Failure{stage, "tls_error", "TLS handshake with " + peer + " failed: " + e.displayText()};
}

}  // namespace

struct HttpClient::Impl {
  explicit Impl(HttpClientOptions opts)
      : options(std::move(opts)), pool(options.max_idle_per_origin) {
    if (!options.verify_tls) {
      log::warn("engine.http", "TLS certificate verification is off for this HTTP client");
    }
  }

  Poco::Net::Context::Ptr tls_context() {
    std::lock_guard lock(context_mutex);
    if (!context) context = detail::make_client_tls_context(options.ca_file, options.verify_tls);
    return context;
  }

  std::unique_ptr<Poco::Net::HTTPClientSession> new_session(const HttpTarget& target) {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (target.secure()) {
      session = std::make_unique<SecureSession>(target.host, target.port, tls_context());
    } else {
      session = std::make_unique<PlainSession>(target.host, target.port);
    }
    if (proxy) {
      session->setProxy(proxy->host, proxy->port);
      if (!proxy->user.empty()) session->setProxyCredentials(proxy->user, proxy->password);
    }
    session->setKeepAlive(true);
    return session;
  }

  // One exchange on one session. On success the session may be reusable (keep_alive).
  std::variant<HttpResponse, Failure> exchange(Poco::Net::HTTPClientSession& session,
                                               const HttpRequest& request, const HttpTarget& target,
                                               bool& keep_alive);

  HttpClientOptions options;
  std::optional<ProxySettings> proxy = parse_proxy(options.proxy_url);
  detail::SessionPool pool;
  std::mutex context_mutex;
  Poco::Net::Context::Ptr context;
};

std::variant<HttpResponse, Failure> HttpClient::Impl::exchange(
    Poco::Net::HTTPClientSession& session, const HttpRequest& request, const HttpTarget& target,
    bool& keep_alive) {
  keep_alive = false;
  // With a proxy, the connection (and its failures) are the proxy's.
  const std::string host = proxy ? proxy->host : target.host;
  const std::string peer = host + ":" + std::to_string(proxy ? proxy->port : target.port);
  const std::string within = " within " + std::to_string(request.timeout.count()) + " ms";
  (void)detail::take_tls_verification_failure();  // an earlier request's, not this one's
  const Poco::Timespan timeout(
      std::chrono::duration_cast<std::chrono::microseconds>(request.timeout).count());
  session.setTimeout(timeout, timeout, timeout);
  // Every session comes from new_session(), so it is a FramedSession.
  auto& framing = dynamic_cast<detail::BodyFraming&>(session);
  framing.reset_eof();

  Poco::Net::HTTPRequest message(request.method, target.path_and_query,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : request.headers) {
    if (Poco::icompare(name, "Content-Length") == 0 ||
        Poco::icompare(name, "Transfer-Encoding") == 0)
      continue;  // framing is ours: the body is always sent with its length
    message.add(name, value);
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    message.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
  }
  message.setKeepAlive(true);

  Stage stage = Stage::before_response;
  try {
    std::ostream& out = session.sendRequest(message);
    out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
    out.flush();
    if (!out) throw Poco::IOException("cannot send the request body");

    Poco::Net::HTTPResponse reply;
    std::istream& in = session.receiveResponse(reply);
    stage = Stage::in_response;
    // Rethrow the stream buffer's own exception (timeout, reset) instead of a quiet badbit.
    in.exceptions(std::ios::badbit);
    HttpResponse response;
    response.status = static_cast<int>(reply.getStatus());
    for (const auto& [name, value] : reply) response.headers.emplace_back(name, value);
    const bool chunked = reply.getChunkedTransferEncoding();
    bool complete = true;
    if (chunked && body_expected(request.method, response.status)) {
      complete = framing.read_chunked_body(response.body);
    } else {
      // A page can be megabytes: size the string once instead of growing it chunk by chunk.
      if (reply.hasContentLength() && reply.getContentLength64() > 0 &&
          reply.getContentLength64() < (Poco::Int64{1} << 31)) {
        response.body.reserve(static_cast<std::size_t>(reply.getContentLength64()));
      }
      Poco::StreamCopier::copyToString(in, response.body, 64 * 1024);
      complete = !(reply.hasContentLength() && framing.saw_eof() &&
                   body_expected(request.method, response.status));
    }
    if (!complete) {
      return Failure{stage, "connection_closed",
                     peer + " closed the connection after " + std::to_string(response.body.size()) +
                         " bytes of the response body"};
    }
    const bool framed = chunked || reply.hasContentLength();
    keep_alive = framed && reply.getKeepAlive();
    return response;
  } catch (const Poco::TimeoutException& e) {
    if (connect_timeout(e)) return Failure{stage, "timeout", "could not connect to " + peer + within, true};
    return Failure{stage, "timeout", "no answer from " + peer + within, true};
  } catch (const Poco::Net::DNSException&) {
    return Failure{stage, "dns_failure", "could not resolve host " + host};
  } catch (const Poco::Net::ConnectionRefusedException&) {
    return Failure{stage, "connection_refused", "connection refused by " + peer};
  } catch (const Poco::Net::SSLConnectionUnexpectedlyClosedException&) {
    return Failure{stage, "connection_closed", peer + " closed the connection during the TLS handshake"};
  } catch (const Poco::Net::CertificateValidationException& e) {
    // Thrown after the handshake when the certificate is valid but names another host.
    return tls_failure(stage, target.host, peer, e, true);
  } catch (const Poco::Net::SSLException& e) {
    return tls_failure(stage, target.host, peer, e, false);
  } catch (const Poco::Net::NoMessageException&) {
    return Failure{stage, "connection_closed", peer + " closed the connection before any response"};
  } catch (const Poco::Net::ConnectionResetException&) {
    return Failure{stage, "connection_closed", peer + " reset the connection"};
  } catch (const Poco::Net::ConnectionAbortedException&) {
    return Failure{stage, "connection_closed", peer + " aborted the connection"};
  } catch (const Poco::Exception& e) {
    return Failure{stage, "network_error", "network error with " + peer + ": " + e.displayText()};
  } catch (const std::exception& e) {
    return Failure{stage, "network_error", "network error with " + peer + ": " + e.what()};
  }
}

HttpClient::HttpClient(HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::send(const HttpRequest& request) {
  auto target = detail::parse_http_target(request.method, request.url);
  if (!target) return target.error();
  if (impl_->proxy && impl_->proxy->host.empty()) {
    // The proxy URL may carry credentials: the message names the option, not its value.
    return make_error(ErrorCode::invalid_argument,
                      request.method + " " + target->display + ": the proxy URL has no host");
  }
  const std::string origin = target->origin();

  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Poco::Net::HTTPClientSession> session = impl_->pool.take(origin);
    bool reused = session != nullptr;
    // A connection the server closed while idle never saw this request: use a fresh one.
    if (reused && detail::peer_closed(*session)) {
      session.reset();
      reused = false;
    }
    if (!session) session = impl_->new_session(*target);

    bool keep_alive = false;
    auto outcome = impl_->exchange(*session, request, *target, keep_alive);
    if (auto* response = std::get_if<HttpResponse>(&outcome)) {
      if (keep_alive) impl_->pool.give_back(origin, std::move(session));
      return std::move(*response);
    }
    const Failure& failure = std::get<Failure>(outcome);
    session.reset();  // a failed session is never reused
    // The server may drop a kept-alive connection just as we reuse it; resend once when
    // nothing of a response arrived and resending cannot repeat a side effect.
    if (attempt == 0 && reused && failure.stage == Stage::before_response && !failure.timed_out &&
        idempotent(request.method)) {
      continue;
    }
    std::string cause = failure.cause;
    if (!target->query.empty()) {
      for (auto pos = cause.find(target->query); pos != std::string::npos;
           pos = cause.find(target->query))
        cause.replace(pos, target->query.size(), "...");
    }
    Error error = make_error(ErrorCode::unavailable, request.method + " " + target->display +
                                                         std::string(kFailedSeparator) + log::redact(cause));
    error.retryable = true;
    error.reason = failure.code;
    return error;
  }
}

std::string transport_cause(const Error& error) {
  const auto at = error.message.find(kFailedSeparator);
  return at == std::string::npos ? error.message : error.message.substr(at + kFailedSeparator.size());
}

}  // namespace hsd::engine
