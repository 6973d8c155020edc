// One client connection of the HTTP server, event-driven on Boost.Beast: it reads a request
// under deadlines (headers, body, idle keep-alive), hands it to the request-thread pool, and
// writes the answer. It holds no thread while it waits, so idle and slow clients cost only
// memory (bounded: 16 KiB of headers, a 32 KiB read buffer, the body limit).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <cstdint>

#include "api_handler.hpp"
#include "connection_registry.hpp"

namespace hsd::engine::service {

struct ConnectionLimits {
  std::chrono::milliseconds header_timeout;  // the request's headers, and the TLS handshake
  std::chrono::milliseconds read_timeout;    // the request's body
  std::chrono::milliseconds idle_timeout;    // between requests of a keep-alive connection
  std::chrono::milliseconds write_timeout;   // the answer
  std::int64_t max_body_bytes;
};

// What every connection of one server shares.
struct ConnectionShared {
  const ApiHandler& handler;
  boost::asio::thread_pool& pool;  // runs the handlers
  boost::asio::io_context& io;     // kept running while a handler works for a connection
  ConnectionLimits limits;
  ConnectionRegistry registry;
};

// Serves an accepted socket (its executor a strand of the server's io_context) until it closes.
void serve_plain(boost::asio::ip::tcp::socket socket, ConnectionShared& shared);
void serve_tls(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls, ConnectionShared& shared);

}  // namespace hsd::engine::service
