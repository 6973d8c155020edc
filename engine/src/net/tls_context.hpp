// The client TLS context: peer verification on against the system CA store (plus an extra
// bundle when configured), TLS 1.2 at least.
#pragma once

#include <Poco/Net/Context.h>

#include <string>

namespace hsd::engine::detail {

Poco::Net::Context::Ptr make_client_tls_context(const std::string& ca_file, bool verify);

}  // namespace hsd::engine::detail
