#include "server.hpp"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SocketAddress.h>

namespace hsd::fakes::detail {

Server::Server(FakeState& state, const std::string& host, std::uint16_t port, int max_threads)
    : pipeline_(state), pool_(2, max_threads) {
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress(host, port), true);
  socket.listen(64);
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(max_threads);
  params->setMaxQueued(128);
  params->setKeepAlive(true);
  params->setServerName("hsd-fake-hubspot");
  server_ = std::make_unique<Poco::Net::HTTPServer>(new PipelineHandlerFactory(pipeline_), pool_, socket, params);
  server_->start();
}

Server::~Server() { stop(); }

void Server::stop() {
  if (stopped_) return;
  stopped_ = true;
  server_->stopAll(true);
  pool_.joinAll();
}

}  // namespace hsd::fakes::detail
