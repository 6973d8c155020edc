#include "account.hpp"

#include "response_failure.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::hubspot {

std::string AccountDetails::display_name() const {
  if (!portal_name.empty()) return portal_name;
  if (!ui_domain.empty()) return "Portal " + portal_id + " (" + ui_domain + ")";
  return "Portal " + portal_id;
}

hsd::sdk::Result<AccountDetails> fetch_account_details(ApiClient& api, const Config& config, const std::string& token) {
  ApiRequest request;
  request.method = "GET";
  request.base_url = config.api_base_url;
  request.path = config.endpoints.account_info;
  request.auth = AuthMode::kExplicit;
  request.token = token;
  auto response = api.send_json(request);
  if (!response) return response.failure();
  if (response->response.status == 401) {
    hsd::sdk::Failure failure = response_failure(response->response, request.endpoint());
    failure.message = "HubSpot refused the private app token: check that it was copied whole and has not been "
                      "rotated or deleted";
    return failure;
  }
  if (response->response.status < 200 || response->response.status >= 300) {
    return response_failure(response->response, request.endpoint());
  }
  AccountDetails details;
  const auto& body = response->body;
  details.portal_id = support::json_string_field(body, "portalId").value_or("");
  if (details.portal_id.empty()) {
    hsd::sdk::Failure failure;
    failure.status = HSD_ERR_UNAVAILABLE;
    failure.code = "MALFORMED_RESPONSE";
    failure.message = "HubSpot's answer to " + request.endpoint() + " lacks portalId";
    return failure;
  }
  details.portal_name = support::json_string_field(body, "portalName").value_or("");
  details.ui_domain = support::json_string_field(body, "uiDomain").value_or("");
  details.time_zone = support::json_string_field(body, "timeZone").value_or("");
  details.account_type = support::json_string_field(body, "accountType").value_or("");
  return details;
}

}  // namespace hsd::plugins::hubspot
