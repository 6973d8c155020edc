// Turning a GitHub answer the caller did not expect into a Failure: the status decides the
// hsd status and whether a retry may help, GitHub's `message` (which describes the request,
// never the credentials) goes into the text.
#pragma once

#include <hsd/sdk.hpp>

#include <string>
#include <string_view>

namespace hsd::plugins::github {

/** The `message` of a GitHub error body, cut to 300 characters; "" when there is none. */
std::string github_message(std::string_view body);

/**
 * A Failure for response: 401 UNAUTHENTICATED (ACCESS_REVOKED), 403 PERMISSION_DENIED,
 * 404 NOT_FOUND, 409 CONFLICT, 422 INVALID_ARGUMENT, 5xx UNAVAILABLE (retryable), ...
 * endpoint names the request ("GET /user") and never carries a query string.
 */
hsd::sdk::Failure response_failure(const hsd::sdk::HttpResponse& response, std::string_view endpoint);

/** "GET /user" from a method and an absolute URL: the path without the query. */
std::string describe_endpoint(std::string_view method, std::string_view url);

/** The Failure of a call the host asked to stop. */
hsd::sdk::Failure cancelled_failure();

/** HSD_ERR_UNAVAILABLE, MALFORMED_RESPONSE: GitHub's answer to endpoint lacks what. */
hsd::sdk::Failure malformed_response(std::string_view endpoint, std::string_view what);

}  // namespace hsd::plugins::github
