#include "token_source.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::github {

TokenSource TokenSource::fixed(std::string token) {
  TokenSource source;
  source.fixed_ = std::move(token);
  return source;
}

TokenSource TokenSource::connection(const hsd::sdk::Context& context) {
  TokenSource source;
  source.context_ = &context;
  return source;
}

hsd::sdk::Result<std::string> TokenSource::get(bool force_refresh) {
  if (!context_) return fixed_;
  auto credentials = context_->credentials(force_refresh);
  if (!credentials) {
    hsd::sdk::Failure failure = credentials.failure();
    if (failure.status == HSD_ERR_UNAUTHENTICATED) {
      failure.code = "REFRESH_TOKEN_REVOKED";
      failure.message = "the GitHub token could not be refreshed: reconnect GitHub";
    }
    return failure;
  }
  const auto object = support::parse_json_object(*credentials);
  refreshable_ = !support::json_string_field(object, "refresh_token").value_or("").empty();
  auto token = support::json_string_field(object, "access_token").value_or("");
  if (token.empty()) {
    hsd::sdk::Failure failure =
        hsd::sdk::fail(HSD_ERR_UNAUTHENTICATED, "the connection's credentials hold no GitHub token: reconnect GitHub");
    failure.code = "ACCESS_REVOKED";
    return failure;
  }
  return token;
}

}  // namespace hsd::plugins::github
