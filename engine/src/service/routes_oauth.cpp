// The OAuth consent flow through the service. /start (an admin's API token) stores a state
// bound to the user, workspace and plugin, and redirects to the provider; /callback (the
// browser, coming back without a token) redeems the state once, connects, queues the first
// retrieval and redirects to the UI's connections page; a browser whose callback fails goes
// there too, with the message in ?oauth_error=.
#include <Poco/URI.h>

#include "domain/access.hpp"
#include "domain/connecting.hpp"
#include "domain/job_queue.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

std::string callback_uri(RequestContext& ctx, const std::string& plugin) {
  std::string base = ctx.service.engine.config().service.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/api/v1/oauth/" + plugin + "/callback";
}

std::string query_value(const ApiRequest& request, const std::string& name) {
  auto found = request.query.find(name);
  return found == request.query.end() ? "" : found->second;
}

ApiResponse redirect(const std::string& location) {
  JsonObject body = new Poco::JSON::Object;
  body->set("url", location);
  ApiResponse response = json_response(302, body);
  response.headers.emplace_back("Location", location);
  return response;
}

Error bad_callback(const std::string& message) {
  Error error = make_error(ErrorCode::invalid_argument, message);
  error.reason = kMalformedRequest;
  return error;
}

ApiResponse start_route(RequestContext& ctx) {
  const std::string plugin = ctx.request.params.at("plugin");
  HSD_API_TRY(ws, query_int(ctx.request, "workspace", 1, INT64_MAX));
  if (!*ws) return error_response(field_error("workspace", "is required: ?workspace=ID"));
  HSD_API_TRY(access, require_role(ctx.session(), ctx.user(), **ws, Role::admin, "create connections"));
  const OAuthStateBinding binding{**ws, ctx.user().user_id, plugin};
  HSD_API_TRY(url, start_oauth(ctx.service.engine, ctx.session(), binding, callback_uri(ctx, plugin)));
  return redirect(*url);
}

std::string ui_url(RequestContext& ctx, const std::string& path_and_query) {
  std::string base = ctx.service.engine.config().service.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + path_and_query;
}

// Redeems the state and connects: the new connection's id, or why not.
Result<std::int64_t> connect_from_callback(RequestContext& ctx) {
  const std::string plugin = ctx.request.params.at("plugin");
  // The state is redeemed first, even when the provider reports a refusal, so that it cannot
  // be replayed.
  auto redeemed = redeem_oauth_state(ctx.session(), query_value(ctx.request, "state"), plugin, now_ms());
  if (!redeemed) return bad_callback(redeemed.error().message);
  if (!redeemed->binding.user_id) {
    return bad_callback("OAuth state refused: it was issued to another workspace, user or plugin; "
                        "start the connection again");
  }
  if (const auto refusal = query_value(ctx.request, "error"); !refusal.empty()) {
    const auto description = query_value(ctx.request, "error_description");
    return make_error(ErrorCode::permission_denied, "the authorization was refused (" + refusal +
                                                        (description.empty() ? "" : ": " + description) + ")");
  }
  const std::string code = query_value(ctx.request, "code");
  if (code.empty()) return bad_callback("the OAuth redirect carried no code");
  // The user's role may have changed since the flow started.
  ctx.caller = Caller{*redeemed->binding.user_id, 0, std::nullopt};
  auto access = require_role(ctx.session(), ctx.user(), redeemed->binding.workspace_id, Role::admin,
                             "create connections");
  if (!access) return access.error();
  auto params = oauth_connect_params(ctx.service.engine, redeemed->data, code, callback_uri(ctx, plugin));
  if (!params) return params.error();
  ConnectRequest request{plugin, redeemed->binding.workspace_id, "", stringify(*params), ctx.actor()};
  auto row = connect_connection(ctx.service.engine, ctx.service.credentials, request);
  if (!row) {
    // The provider refused the code: the browser has no API token, so this must not read as a 401.
    const auto refused = row.error().code;
    if (refused == ErrorCode::unauthenticated || refused == ErrorCode::permission_denied) {
      return bad_callback(row.error().message);
    }
    return row.error();
  }
  const auto id = (*row)->getValue<std::int64_t>("id");
  if ((*row)->getValue<std::string>("kind") == "source") {
    JobRequest job{redeemed->binding.workspace_id, id, "retrieve", "{}", 3};
    auto queued = enqueue_job(ctx.session(), job, ctx.actor());
    if (!queued) return queued.error();
    ctx.service.workers.wake();
  }
  return id;
}

// Success goes to the Connections page. A failure goes there too for a browser (it asked for
// HTML), with the message for the UI to show; API clients get the JSON error.
ApiResponse callback_route(RequestContext& ctx) {
  auto connected = connect_from_callback(ctx);
  if (connected) return redirect(ui_url(ctx, "/connections?connected=" + std::to_string(*connected)));
  if (ctx.request.header("accept").find("text/html") == std::string::npos) return error_response(connected.error());
  std::string encoded;
  Poco::URI::encode(public_message(connected.error()), "!#$&'()*+,/:;=?@[]", encoded);
  return redirect(ui_url(ctx, "/connections?oauth_error=" + encoded));
}

}  // namespace

void add_oauth_routes(Router& router) {
  router.add("GET", "/api/v1/oauth/{plugin}/start", start_route);
  router.add("GET", "/api/v1/oauth/{plugin}/callback", callback_route, /*authenticated=*/false);
}

}  // namespace hsd::engine::service
