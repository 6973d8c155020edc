#include "hsd/fakes/common/http_server.hpp"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace hsd::fakes::common {

HttpServer::HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const std::string& server_name,
                       const std::string& host, std::uint16_t port, int max_threads)
    : pool_(2, max_threads) {
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress(host, port), true);
  socket.listen(64);
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(max_threads);
  params->setMaxQueued(128);
  params->setKeepAlive(true);
  params->setServerName(server_name);
  server_ = std::make_unique<Poco::Net::HTTPServer>(factory, pool_, socket, params);
  server_->start();
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop() {
  if (stopped_) return;
  stopped_ = true;
  server_->stopAll(true);
  pool_.joinAll();
}

}  // namespace hsd::fakes::common
