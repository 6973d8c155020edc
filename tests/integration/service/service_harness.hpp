// The real `hsdeploy serve` in a scratch folder, and a small HTTP client for its API. A test
// bootstraps an owner, starts the service (it binds a free port and says which), talks to it
// over real HTTP, and may stop it with SIGTERM, crash it with SIGKILL, and start it again on
// the same database.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "../cli_runner.hpp"

namespace hsd::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case

  Poco::JSON::Object::Ptr json() const;  // throws unless the body is a JSON object
  Poco::JSON::Array::Ptr array() const;  // throws unless the body is a JSON array
  // error.code and error.message of an error body ("" when absent).
  std::string error_code() const;
  std::string error_message() const;
  std::string error_field() const;  // error.details.field
};

class ApiClient {
 public:
  explicit ApiClient(std::string base_url) : base_url_(std::move(base_url)) {}
  // token empty: no Authorization header.
  HttpReply request(const std::string& method, const std::string& path, const std::string& token = "",
                    const std::optional<std::string>& body = std::nullopt,
                    const std::map<std::string, std::string>& headers = {}) const;
  HttpReply get(const std::string& path, const std::string& token = "") const { return request("GET", path, token); }
  HttpReply post(const std::string& path, const std::string& token, const std::string& body = "{}") const {
    return request("POST", path, token, body);
  }
  HttpReply patch(const std::string& path, const std::string& token, const std::string& body) const {
    return request("PATCH", path, token, body);
  }
  HttpReply del(const std::string& path, const std::string& token) const { return request("DELETE", path, token); }
  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
};

struct Bootstrapped {
  std::int64_t workspace_id = 0;
  std::int64_t user_id = 0;
  std::string token;
};

inline std::string connection_path(std::int64_t id) { return "/api/v1/connections/" + std::to_string(id); }

// The browser's step of an OAuth consent: GETs the provider's (fake's) authorize URL and
// returns the Location of its 302 (the redirect back to the service, with code and state).
std::string follow_consent_page(const std::string& authorize_url);

class ServiceUnderTest {
 public:
  // service_config: the engine.yaml `service:` block's keys (listen defaults to 127.0.0.1:0);
  // extra_config: more engine.yaml text (e.g. a connectors block).
  explicit ServiceUnderTest(const std::string& name, const std::string& service_config = "",
                            const std::string& extra_config = "");
  ~ServiceUnderTest();

  // `admin bootstrap`, through the CLI.
  Bootstrapped bootstrap(const std::string& workspace, const std::string& email);
  // `tokens create --email E`, through the CLI; the token.
  std::string create_token(const std::string& email);

  // Starts `hsdeploy serve` and waits for the line that says where it listens.
  void start(const std::map<std::string, std::string>& env = {});
  bool running() const { return process_ != nullptr; }
  // The running service's process id (0 when it is not running).
  int pid() const { return process_ ? process_->pid() : 0; }
  // Waits for a stderr line containing needle (the log is JSON lines); empty if the service ended.
  std::string wait_for_log(const std::string& needle);
  CliResult terminate();  // SIGTERM, then waits for the exit
  CliResult kill();       // SIGKILL, then waits

  const ApiClient& api() const { return *api_; }
  const CliRunner& cli() const { return runner_; }

 private:
  CliRunner runner_;
  std::unique_ptr<CliProcess> process_;
  std::unique_ptr<ApiClient> api_;
};

}  // namespace hsd::testing
