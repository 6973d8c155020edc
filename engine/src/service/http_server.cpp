#include "http_server.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <openssl/ssl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <optional>
#include <thread>
#include <vector>

#include "api_handler.hpp"
#include "hsd/engine/log.hpp"
#include "http_connection.hpp"
#include "open_files_limit.hpp"

namespace hsd::engine::service {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

const char* kLogger = "service.http";
// Accepting and moving bytes is cheap; a second thread only helps TLS on a multi-core machine.
constexpr unsigned kMaxIoThreads = 2;
// Descriptors kept for everything else the service opens (storage, plugins, logs, git mirrors).
constexpr std::uint64_t kFilesKeptForTheRest = 128;
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);

Status load_tls(net::ssl::context& tls, const ServiceConfig& config) {
  boost::system::error_code ec;
  tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                      net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use,
                  ec);
  if (ec || SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION) != 1) {
    return make_error(ErrorCode::internal, "cannot require TLS 1.2 or newer: " + ec.message());
  }
  tls.use_certificate_chain_file(config.tls_cert.string(), ec);
  if (ec) {
    return make_error(ErrorCode::invalid_argument, "cannot load the TLS certificate " + config.tls_cert.string() +
                                                       " (service.tls_cert): " + ec.message());
  }
  tls.use_private_key_file(config.tls_key.string(), net::ssl::context::pem, ec);
  if (ec) {
    return make_error(ErrorCode::invalid_argument,
                      "cannot load the TLS key " + config.tls_key.string() + " (service.tls_key): " + ec.message());
  }
  return {};
}

void log_connection_capacity() {
  const std::uint64_t files = raise_open_files_limit();
  if (files == 0) {
    log::warn(kLogger, "cannot read the open-files limit (RLIMIT_NOFILE); each connection takes one");
    return;
  }
  const std::uint64_t connections = files > kFilesKeptForTheRest ? files - kFilesKeptForTheRest : 0;
  log::info(kLogger, "open-files limit set; it bounds the concurrent connections",
            {{"open_files", std::to_string(files)}, {"connections", std::to_string(connections)}});
}

}  // namespace

struct HttpServer::State {
  // Connections reference what is declared before io: they may be destroyed with its handlers.
  State(ServiceContext& context, Router routes, const ServiceConfig& config, unsigned io_threads)
      : router(std::move(routes)),
        handler(context, router),
        pool(static_cast<std::size_t>(config.threads)),
        shared{handler, pool, io,
               ConnectionLimits{config.header_timeout, config.read_timeout, config.idle_timeout, config.write_timeout,
                                config.max_body_bytes},
               {}},
        io(static_cast<int>(io_threads)),
        work(net::make_work_guard(io)),
        acceptor(net::make_strand(io)),
        accept_retry(acceptor.get_executor()) {}

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) {
        // Out of descriptors (EMFILE) or memory: wait a moment instead of spinning; log once
        // per spell, not per attempt.
        if (!accept_failing) log::warn(kLogger, "cannot accept connections: " + ec.message());
        accept_failing = true;
        accept_retry.expires_after(kAcceptRetry);
        accept_retry.async_wait([this](boost::system::error_code wait) {
          if (!wait) accept();
        });
        return;
      }
      if (accept_failing) log::info(kLogger, "accepting connections again");
      accept_failing = false;
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (tls) {
        serve_tls(std::move(socket), *tls, shared);
      } else {
        serve_plain(std::move(socket), shared);
      }
      accept();
    });
  }

  void run_io() {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        log::error(kLogger, std::string("an I/O handler failed; serving on: ") + e.what());
      }
    }
  }

  Router router;
  ApiHandler handler;
  std::optional<net::ssl::context> tls;
  net::thread_pool pool;
  ConnectionShared shared;
  net::io_context io;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  bool accept_failing = false;
  std::vector<std::thread> io_threads;
  bool stopped = false;
};

HttpServer::HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::start(ServiceContext& context, Router router) {
  const auto& config = context.engine.config().service;
  log_connection_capacity();
  const unsigned io_threads = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxIoThreads);
  std::unique_ptr<HttpServer> server(new HttpServer);
  server->state_ = std::make_unique<State>(context, std::move(router), config, io_threads);
  State& state = *server->state_;
  const bool tls = !config.tls_cert.empty();
  if (tls) {
    state.tls.emplace(net::ssl::context::tls_server);
    auto loaded = load_tls(*state.tls, config);
    if (!loaded) return loaded.error();
  }
  std::string host;
  try {
    // Poco parses every form service.listen has accepted: "host:port", "[v6]:port", names.
    Poco::Net::SocketAddress address(config.listen);
    host = address.host().toString();
    boost::system::error_code ec;
    const tcp::endpoint endpoint(net::ip::make_address(host, ec), address.port());
    if (!ec) state.acceptor.open(endpoint.protocol(), ec);
    if (!ec) state.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) state.acceptor.bind(endpoint, ec);
    if (!ec) state.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return make_error(ErrorCode::unavailable, "cannot serve on " + config.listen + " (service.listen): " + ec.message());
    if (address.host().isWildcard()) host = "127.0.0.1";
    if (address.family() == Poco::Net::SocketAddress::IPv6 && !address.host().isWildcard()) host = "[" + host + "]";
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::unavailable, "cannot serve on " + config.listen + " (service.listen): " + e.displayText());
  }
  server->url_ = std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(state.acceptor.local_endpoint().port());
  state.accept();
  for (unsigned i = 0; i < io_threads; ++i) state.io_threads.emplace_back([&state] { state.run_io(); });
  return server;
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop() {
  if (!state_ || state_->stopped) return;
  State& state = *state_;
  state.stopped = true;
  net::post(state.acceptor.get_executor(), [&state] {
    boost::system::error_code ignored;
    state.acceptor.close(ignored);
    state.accept_retry.cancel();
  });
  // Idle connections close now; the others after their answer (each keeps the io_context
  // running while its handler works), so the I/O threads end when the last one is done.
  state.shared.registry.stop_all();
  state.work.reset();
  for (auto& thread : state.io_threads) thread.join();
  state.pool.join();
}

}  // namespace hsd::engine::service
