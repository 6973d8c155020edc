// The client TLS context: peer verification on against the system CA store (plus an extra
// bundle when configured), TLS 1.2 at least.
#pragma once

#include <Poco/Net/Context.h>

#include <string>

namespace hsd::engine::detail {

Poco::Net::Context::Ptr make_client_tls_context(const std::string& ca_file, bool verify);

// Why the last certificate verification on this thread failed (OpenSSL's words, e.g.
// "self-signed certificate"), or empty; clears it. OpenSSL verifies during the handshake, on
// the thread that connects, so a thread-local carries the reason from the context's handler
// to the request that failed.
std::string take_tls_verification_failure();

}  // namespace hsd::engine::detail
