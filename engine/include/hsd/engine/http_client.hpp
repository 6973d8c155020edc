// HttpClient sends HTTP and HTTPS requests for the engine and, through the host table, for
// plugins: TLS with certificate verification on, timeouts, an optional proxy, kept-alive
// sessions per origin. It never logs header values or bodies.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hsd/engine/result.hpp"

namespace hsd::engine {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute http:// or https:// URL
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  // First header value with this name (case-insensitive), or empty.
  std::string header(std::string_view name) const;
};

struct HttpClientOptions {
  std::string proxy_url;         // empty: no proxy (HTTPS_PROXY / HTTP_PROXY are read by the caller)
  std::string ca_file;           // extra trusted CA bundle (PEM), e.g. for a test server
  bool verify_tls = true;        // never false in production configuration
  std::size_t max_idle_per_origin = 4;
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the whole response. Thread-safe. A transport failure is
  // ErrorCode::unavailable with retryable = true, a reason saying what failed
  // ("dns_failure", "connection_refused", "tls_error", "timeout", "connection_closed",
  // "network_error") and the message "<METHOD> <url> failed: <cause>", where the URL has no
  // query string and the cause names the host, e.g. "connection refused by 127.0.0.1:4567".
  // HTTP error statuses are responses, not errors.
  Result<HttpResponse> send(const HttpRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The cause of a transport failure send() returned, without the method and URL before it:
// for a caller (a plugin) that says itself what it was doing.
std::string transport_cause(const Error& error);

}  // namespace hsd::engine
