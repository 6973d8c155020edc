#include "control_handlers.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "control_json.hpp"
#include "control_ops.hpp"
#include "hsd/fakes/common/json_writer.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {
namespace {

using Body = Poco::JSON::Object::Ptr;
using Op = std::function<std::string(GitHubState&, Request&, const Body&)>;

const std::string kOk = "{\"ok\":true}";

// Every control endpoint: parse the body, run the operation, map bad input to 400.
Handler control(Op op) {
  return [op = std::move(op)](GitHubState& state, Request& request, const Caller*) {
    try {
      return Reply::json(200, op(state, request, parse_object(request.body)));
    } catch (const std::invalid_argument& e) {
      common::JsonWriter w;
      w.begin_object().str("error", e.what()).end_object();
      return Reply::json(400, w.take());
    } catch (const Poco::Exception& e) {
      common::JsonWriter w;
      w.begin_object().str("error", e.displayText()).end_object();
      return Reply::json(400, w.take());
    }
  };
}

std::int64_t repo_id(Request& request) {
  try {
    return std::stoll(request.captures["id"]);
  } catch (const std::exception&) {
    throw std::invalid_argument("repository id must be a number");
  }
}

std::string required(const Body& body, const std::string& key) {
  const std::string value = body->optValue<std::string>(key, "");
  if (value.empty()) throw std::invalid_argument(key + " is required");
  return value;
}

void add_repo_control_routes(Router& router) {
  router.add("POST", "/__fake/repos", control([](GitHubState& state, Request&, const Body& body) {
    const CreatedRepo repo = create_repo(state, repo_spec(body));
    common::JsonWriter w;
    w.begin_object().num("id", repo.id).str("full_name", repo.full_name).str("path", repo.path).end_object();
    return w.take();
  }));
  router.add("POST", "/__fake/repos/{id}/rename", control([](GitHubState& state, Request& request, const Body& body) {
    rename_repo(state, repo_id(request), required(body, "full_name"));
    return kOk;
  }));
  const Op remove = [](GitHubState& state, Request& request, const Body&) {
    delete_repo(state, repo_id(request));
    return kOk;
  };
  router.add("POST", "/__fake/repos/{id}/delete", control(remove));
  router.add("DELETE", "/__fake/repos/{id}", control(remove));
  router.add("POST", "/__fake/repos/{id}/archive", control([](GitHubState& state, Request& request, const Body& body) {
    archive_repo(state, repo_id(request), body->optValue<bool>("archived", true));
    return kOk;
  }));
  router.add("POST", "/__fake/repos/{id}/protect", control([](GitHubState& state, Request& request, const Body& body) {
    protect_branch(state, repo_id(request), required(body, "branch"));
    return kOk;
  }));
  router.add("POST", "/__fake/git/refuse-credentials", control([](GitHubState& state, Request&, const Body& body) {
    refuse_git_credentials(state, body->optValue<bool>("refuse", true));
    return kOk;
  }));
  router.add("POST", "/__fake/orgs/{org}/saml", control([](GitHubState& state, Request& request, const Body& body) {
    saml_enforce(state, request.captures["org"], body->optValue<bool>("enforced", true));
    return kOk;
  }));
}

void add_identity_routes(Router& router) {
  router.add("POST", "/__fake/users", control([](GitHubState& state, Request&, const Body& body) {
    const UserSpec spec = user_spec(body);
    common::JsonWriter w;
    w.begin_object().num("id", create_user(state, spec)).str("login", spec.login).end_object();
    return w.take();
  }));
  router.add("POST", "/__fake/tokens", control([](GitHubState& state, Request&, const Body& body) {
    common::JsonWriter w;
    w.begin_object().str("token", create_token(state, token_spec(body))).end_object();
    return w.take();
  }));
  router.add("POST", "/__fake/tokens/revoke", control([](GitHubState& state, Request&, const Body& body) {
    revoke_token(state, required(body, "token"));
    return kOk;
  }));
  router.add("POST", "/__fake/tokens/expire", control([](GitHubState& state, Request&, const Body& body) {
    expire_tokens(state, body->optValue<std::string>("token", ""));
    return kOk;
  }));
  router.add("POST", "/__fake/tokens/sso", control([](GitHubState& state, Request&, const Body& body) {
    authorize_sso(state, required(body, "token"), required(body, "org"));
    return kOk;
  }));
}

void add_oauth_control_routes(Router& router) {
  router.add("POST", "/__fake/oauth/client", control([](GitHubState& state, Request&, const Body& body) {
    set_oauth_client(state, required(body, "client_id"), body->optValue<std::string>("client_secret", ""),
                     string_list(body, "redirect_uris"));
    return kOk;
  }));
  router.add("POST", "/__fake/oauth/settings", control([](GitHubState& state, Request&, const Body& body) {
    set_oauth(state, oauth_settings(body));
    return kOk;
  }));
  router.add("POST", "/__fake/oauth/device-answers", control([](GitHubState& state, Request&, const Body& body) {
    std::vector<DeviceAnswer> answers;
    for (const auto& text : string_list(body, "answers")) answers.push_back(device_answer(text));
    queue_device_answers(state, answers);
    return kOk;
  }));
}

void add_switch_routes(Router& router) {
  router.add("POST", "/__fake/rate-limit", control([](GitHubState& state, Request&, const Body& body) {
    const std::string kind = body->optValue<std::string>("kind", "primary");
    if (kind != "primary" && kind != "secondary") throw std::invalid_argument("kind must be primary or secondary");
    rate_limit(state, kind == "primary" ? RateLimitKind::kPrimary : RateLimitKind::kSecondary,
               body->optValue<int>("requests", 1), body->optValue<int>("seconds", 60), body->optValue<int>("status", 403));
    return kOk;
  }));
  router.add("POST", "/__fake/rate-limit/clear", control([](GitHubState& state, Request&, const Body&) {
    clear_rate_limits(state);
    return kOk;
  }));
  router.add("POST", "/__fake/clock", control([](GitHubState& state, Request&, const Body& body) {
    state.advance_clock(std::chrono::seconds(body->optValue<Poco::Int64>("advance_seconds", 0)));
    return kOk;
  }));
  router.add("GET", "/__fake/health", control([](GitHubState&, Request&, const Body&) { return kOk; }));
  router.add("GET", "/__fake/stats", control([](GitHubState& state, Request& request, const Body&) {
    FakeGitHubStats stats = state.stats.snapshot();
    if (const auto last = request.param("last")) {  // ?last=K: only the K most recent requests
      const std::size_t keep = static_cast<std::size_t>(std::max(0, std::atoi(last->c_str())));
      if (stats.recent.size() > keep) stats.recent.erase(stats.recent.begin(), stats.recent.end() - static_cast<long>(keep));
    }
    return stats_json(stats);
  }));
  router.add("POST", "/__fake/stats/reset", control([](GitHubState& state, Request&, const Body&) {
    state.stats.reset();
    return kOk;
  }));
  router.add("POST", "/__fake/reset", control([](GitHubState& state, Request&, const Body&) {
    reset(state);
    return kOk;
  }));
}

}  // namespace

std::string stats_json(const FakeGitHubStats& stats) {
  common::JsonWriter w;
  auto counts = [&w](const char* key, const std::map<std::string, int>& map) {
    w.key(key).begin_object();
    for (const auto& [name, n] : map) w.num(name, n);
    w.end_object();
  };
  w.begin_object().num("total", stats.total);
  counts("by_route", stats.by_route);
  w.key("by_status").begin_object();
  for (const auto& [status, n] : stats.by_status) w.num(std::to_string(status), n);
  w.end_object().num("not_modified", stats.not_modified);
  counts("git_auth_failures", stats.git_auth_failures);
  w.num("git_auth_failures_total", stats.git_auth_failures_total);
  counts("git_rejected_credentials", stats.git_rejected_credentials);
  counts("git_old_name_requests", stats.git_old_name_requests);
  w.key("recent").begin_array();
  for (const auto& r : stats.recent) {
    w.begin_object().str("method", r.method).str("target", r.target).num("status", r.status);
    w.key("headers").begin_array();
    for (const auto& [name, value] : r.headers) w.begin_array().string(name).string(value).end_array();
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.take();
}

void add_control_routes(Router& router) {
  add_identity_routes(router);
  add_oauth_control_routes(router);
  add_repo_control_routes(router);
  add_switch_routes(router);
}

}  // namespace hsd::fakes::github_detail
