// Turns an HTTP error response from HubSpot into a Failure with a status the engine
// understands, HubSpot's category as the stable code, and a message that names the endpoint
// (never the query string, never a token).
#pragma once

#include "error_body.hpp"

#include <hsd/sdk.hpp>

#include <string>
#include <string_view>

namespace hsd::plugins::hubspot {

/** "GET /automation/v4/flows": the method and the path without query string. */
std::string describe_endpoint(std::string_view method, std::string_view path);

/** The Failure for a non-success response of endpoint (e.g. "GET /crm/..."). */
hsd::sdk::Failure response_failure(const hsd::sdk::HttpResponse& response, std::string_view endpoint);

/** The Failure for a 403 MISSING_SCOPES; details_json lists the scopes HubSpot named. */
hsd::sdk::Failure missing_scopes_failure(const ErrorBody& body, std::string_view endpoint);

}  // namespace hsd::plugins::hubspot
