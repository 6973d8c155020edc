#include "control_handlers.hpp"

#include <Poco/JSON/Parser.h>

#include <stdexcept>

#include "hubspot_errors.hpp"
#include "hsd/fakes/common/json_writer.hpp"
#include "oauth_handlers.hpp"

namespace hsd::fakes::detail {
namespace {

Poco::JSON::Object::Ptr body_object(const Request& req) {
  if (req.body.empty()) return new Poco::JSON::Object;
  auto parsed = Poco::JSON::Parser().parse(req.body);
  auto obj = parsed.extract<Poco::JSON::Object::Ptr>();
  if (!obj) throw std::invalid_argument("body must be a JSON object");
  return obj;
}

std::vector<std::string> string_list(const Poco::JSON::Object::Ptr& obj, const std::string& key,
                                     std::vector<std::string> fallback) {
  const auto arr = obj->getArray(key);
  if (!arr) return fallback;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < arr->size(); ++i) out.push_back(arr->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

Reply ok(std::string extra_json = "") {
  return Reply::json(200, extra_json.empty() ? "{\"ok\":true}" : extra_json);
}

// Wraps a control handler so a bad body is a 400 with a message, not a dropped connection.
Handler guarded(std::function<Reply(FakeState&, const Request&)> fn) {
  return [fn = std::move(fn)](FakeState& state, const Request& req, const Caller*) -> Reply {
    try {
      return fn(state, req);
    } catch (const Poco::Exception& e) {
      return validation_error("control request rejected: " + e.displayText());
    } catch (const std::exception& e) {
      return validation_error(std::string("control request rejected: ") + e.what());
    }
  };
}

Reply add_fault(FakeState& state, const Request& req) {
  const auto body = body_object(req);
  Fault fault;
  fault.path_prefix = body->optValue<std::string>("path", "/");
  fault.kind = parse_fault_kind(body->optValue<std::string>("kind", "status"));
  fault.count = body->optValue<int>("count", 1);
  fault.status = body->optValue<int>("status", 503);
  fault.delay = std::chrono::milliseconds(body->optValue<int>("delay_ms", 0));
  state.faults.add(fault);
  return ok();
}

Reply expected(FakeState& state, const Request& req) {
  const auto data = state.data();
  std::vector<std::string> scopes = state.options.granted_scopes;
  if (const auto s = req.param("scopes")) {
    scopes.clear();
    std::size_t pos = 0;
    while (pos <= s->size()) {
      const auto comma = s->find(',', pos);
      scopes.push_back(s->substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  return Reply::json(200, expected_json(data->revision(), data->expected(scopes)));
}

}  // namespace

FaultKind parse_fault_kind(const std::string& text) {
  if (text == "status") return FaultKind::kStatus;
  if (text == "reset") return FaultKind::kReset;
  if (text == "slow") return FaultKind::kSlow;
  if (text == "malformed") return FaultKind::kMalformed;
  throw std::invalid_argument("unknown fault kind '" + text + "' (status, reset, slow, malformed)");
}

std::string expected_json(int revision, const std::vector<ExpectedObject>& objects) {
  common::JsonWriter w;
  w.begin_object().num("revision", revision).key("objects").begin_array();
  for (const auto& o : objects)
    w.begin_object().str("type", o.type).str("id", o.id).str("name", o.name).str("json", o.json).end_object();
  w.end_array().end_object();
  return w.take();
}

std::string planted_json(const std::vector<PlantedDifference>& planted) {
  common::JsonWriter w;
  w.begin_array();
  for (const auto& p : planted) {
    w.begin_object().str("type", p.type).str("key", p.key).str("kind", planted_kind_name(p.kind));
    if (!p.paths.empty()) w.strings("paths", p.paths);
    w.end_object();
  }
  w.end_array();
  return w.take();
}

std::string stats_json(const FakeStats& s) {
  common::JsonWriter w;
  w.begin_object().num("total", static_cast<std::int64_t>(s.total));
  w.num("rate_limited", static_cast<std::int64_t>(s.rate_limited));
  w.num("expired_token_requests", static_cast<std::int64_t>(s.expired_token_requests));
  w.num("unauthenticated", static_cast<std::int64_t>(s.unauthenticated));
  w.num("faults_injected", static_cast<std::int64_t>(s.faults_injected));
  w.key("by_path").begin_object();
  for (const auto& [path, n] : s.by_path) w.num(path, static_cast<std::int64_t>(n));
  w.end_object().key("by_status").begin_object();
  for (const auto& [status, n] : s.by_status) w.num(std::to_string(status), static_cast<std::int64_t>(n));
  w.end_object().end_object();
  return w.take();
}

namespace {

std::string gates_json(const std::vector<GateStatus>& gates) {
  common::JsonWriter w;
  w.begin_object().key("gates").begin_array();
  for (const auto& g : gates)
    w.begin_object().str("path", g.path).num("waiting", g.waiting).num("released", g.released).end_object();
  w.end_array().end_object();
  return w.take();
}

std::string gate_path(const Request& req) {
  const auto path = body_object(req)->optValue<std::string>("path", "");
  if (path.empty() || path[0] != '/') throw std::invalid_argument("path must be a path prefix starting with /");
  return path;
}

void add_gate_routes(Router& router) {
  router.add("GET", "/__fake/gates", RouteKind::kOpen,
             guarded([](FakeState& state, const Request&) { return ok(gates_json(state.gates.status())); }));
  router.add("POST", "/__fake/gates", RouteKind::kOpen, guarded([](FakeState& state, const Request& req) {
               state.gates.close(gate_path(req));
               return ok();
             }));
  router.add("POST", "/__fake/gates/release", RouteKind::kOpen, guarded([](FakeState& state, const Request& req) {
               return ok("{\"released\":" + std::to_string(state.gates.release(gate_path(req))) + "}");
             }));
  router.add("POST", "/__fake/gates/open", RouteKind::kOpen, guarded([](FakeState& state, const Request& req) {
               state.gates.open(body_object(req)->optValue<std::string>("path", ""));
               return ok();
             }));
}

}  // namespace

void add_control_routes(Router& router) {
  add_gate_routes(router);
  router.add("GET", "/__fake/health", RouteKind::kOpen, guarded([](FakeState& state, const Request&) {
               return ok("{\"ok\":true,\"revision\":" + std::to_string(state.data()->revision()) + "}");
             }));
  router.add("GET", "/__fake/expected", RouteKind::kOpen, guarded(expected));
  router.add("GET", "/__fake/planted", RouteKind::kOpen, guarded([](FakeState& state, const Request&) {
               return Reply::json(200, planted_json(state.data()->planted()));
             }));
  router.add("GET", "/__fake/stats", RouteKind::kOpen,
             guarded([](FakeState& state, const Request&) { return ok(stats_json(state.stats.snapshot())); }));
  router.add("POST", "/__fake/stats/reset", RouteKind::kOpen, guarded([](FakeState& state, const Request&) {
               state.stats.reset();
               return ok();
             }));
  router.add("POST", "/__fake/faults", RouteKind::kOpen, guarded(add_fault));
  router.add("DELETE", "/__fake/faults", RouteKind::kOpen, guarded([](FakeState& state, const Request&) {
               state.faults.clear();
               return ok();
             }));
  router.add("POST", "/__fake/faults/clear", RouteKind::kOpen, guarded([](FakeState& state, const Request&) {
               state.faults.clear();
               return ok();
             }));
  router.add("POST", "/__fake/change", RouteKind::kOpen, guarded([](FakeState& state, const Request&) {
               return ok("{\"revision\":" + std::to_string(state.change_portal()) + "}");
             }));
  router.add("POST", "/__fake/revoke-refresh-token", RouteKind::kOpen, guarded([](FakeState& state, const Request& req) {
               const auto body = body_object(req);
               // {"all":true}: a test that never saw the token the service holds (the browser
               // tests connect through the consent page) kills every refresh token at once.
               if (body->optValue<bool>("all", false))
                 return ok("{\"ok\":true,\"revoked\":" + std::to_string(state.tokens.revoke_all_refresh()) + "}");
               const bool revoked = state.tokens.revoke_refresh(body->optValue<std::string>("token", ""));
               return ok(revoked ? "{\"ok\":true,\"revoked\":true}" : "{\"ok\":true,\"revoked\":false}");
             }));
  router.add("POST", "/__fake/expire-access-tokens", RouteKind::kOpen, guarded([](FakeState& state, const Request&) {
               state.tokens.expire_all_access(state.now());
               return ok();
             }));
  router.add("POST", "/__fake/tokens", RouteKind::kOpen, guarded([](FakeState& state, const Request& req) {
               const auto body = body_object(req);
               const auto scopes = string_list(body, "scopes", state.options.granted_scopes);
               const auto pair = state.tokens.issue(scopes, state.now() + state.options.access_token_lifetime);
               return ok(token_response_json(state, pair));
             }));
  router.add("POST", "/__fake/private-app-tokens", RouteKind::kOpen, guarded([](FakeState& state, const Request& req) {
               const auto body = body_object(req);
               const std::string token = body->optValue<std::string>("token", "");
               if (token.empty()) throw std::invalid_argument("`token` is required");
               state.add_private_app_token(token, string_list(body, "scopes", state.options.granted_scopes));
               return ok();
             }));
  router.add("POST", "/__fake/rate-limit", RouteKind::kOpen, guarded([](FakeState& state, const Request& req) {
               state.limiter.set_limit(body_object(req)->optValue<int>("rate_limit", 110));
               return ok();
             }));
}

}  // namespace hsd::fakes::detail
