#include "server.hpp"

namespace hsd::fakes::detail {

Server::Server(FakeState& state, const std::string& host, std::uint16_t port, int max_threads)
    : pipeline_(state), http_(new PipelineHandlerFactory(pipeline_), "hsd-fake-hubspot", host, port, max_threads) {}

}  // namespace hsd::fakes::detail
