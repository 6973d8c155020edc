// HubSpot's error bodies, byte-shaped as the API notes record them (section 1.5, 4 and 5).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "hsd/fakes/fake_hubspot_options.hpp"
#include "http_exchange.hpp"

namespace hsd::fakes::detail {

std::string new_correlation_id();

/** The standard error body {status, message, correlationId, category}. */
Reply standard_error(int status, const std::string& category, const std::string& message);
Reply validation_error(const std::string& message);
Reply not_found(const std::string& message);

Reply invalid_authentication();
/** "expired N unit(s) ago"; a garbage token uses expired_at = the epoch. */
Reply expired_authentication(std::chrono::system_clock::time_point expired_at,
                             std::chrono::system_clock::time_point now);
Reply missing_scopes(const std::vector<std::string>& any_of, MissingScopesShape shape);

Reply ten_secondly_rolling(std::uint64_t hub_id);
Reply daily_limit();

/** Token-endpoint errors: legacy {status, message} plus RFC 6749 {error, error_description}. */
Reply oauth_error(int http_status, const std::string& status, const std::string& message,
                  const std::string& error, const std::string& error_description);

/** Gateway pages for injected 5xx (Cloudflare-fronted errors are HTML, 500s are JSON). */
Reply server_error(int status);

}  // namespace hsd::fakes::detail
