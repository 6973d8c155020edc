// A fake hsd_host_api for the plugins' unit tests: HTTP requests are answered from scripted
// responses (routed by method and URL), the bound snapshot's objects come from `stored`, and
// everything the plugin hands the host (output, objects, errors, progress, logs, requests) is
// recorded. Thread-safe, like the real host. Each plugin's tests derive their FakeHost from
// it with a Persona: the provider's tokens and its answer to an unknown URL.
#pragma once

#include <hsd/sdk.hpp>

#include <atomic>
#include <deque>
#include <functional>
#include <optional>
#include <map>
#include <mutex>
#include <tuple>
#include <string>
#include <utility>
#include <vector>

namespace hsd::plugins::support::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Scripted {
  uint32_t status = 200;
  std::string body;
  Headers headers;
  hsd_status transport = HSD_OK;  // HSD_ERR_UNAVAILABLE: a network failure instead of a response
};

struct Recorded {
  std::string method;
  std::string url;
  Headers headers;
  std::string body;
  std::string header(const std::string& name) const;
};

struct Emitted {
  std::string type;
  std::string id;
  std::string name;
  std::string data;
};

/** What differs between the providers a FakeHost stands in for. */
struct Persona {
  std::string credentials;      // handed out by get_credentials
  std::string refreshed;        // handed out once a refresh is forced
  std::string unscripted_body;  // the 404 body for a request no route answers
};

class FakeHost {
 public:
  explicit FakeHost(Persona persona);

  hsd::sdk::Context context() { return hsd::sdk::Context(&api_, reinterpret_cast<hsd_call*>(this)); }

  /**
   * Queues a response for requests with this method whose URL contains pattern (or, when
   * pattern ends with '$', ends with it). Among matching routes the longest pattern wins;
   * a route's last response is reused once its queue is down to one.
   */
  void on(const std::string& method, const std::string& pattern, Scripted response);
  static Scripted json(uint32_t status, std::string body, Headers headers = {}) {
    return Scripted{status, std::move(body), std::move(headers), HSD_OK};
  }

  /** Consulted before the routes; answers a request by returning a response. */
  std::function<std::optional<Scripted>(const Recorded&)> handler;

  // Credentials handed out by get_credentials; a forced refresh switches to `refreshed`.
  std::string credentials;
  std::string refreshed;
  hsd_status credentials_status = HSD_OK;
  std::atomic<bool> cancelled{false};
  // The snapshot read_objects streams (type, id, name, data, hash), in order.
  std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string>> stored;
  hsd_status emit_status = HSD_OK;
  // What on_failure tells the plugin about a scripted transport failure, as the real host
  // does: a stable code and a cause naming the host.
  std::string transport_code = "connection_refused";
  std::string transport_message = "connection refused by api.fake.test:443";

  // Recorded (read after the call returns).
  std::vector<Recorded> requests;
  std::vector<std::string> unexpected;  // requests no route answered
  std::vector<Emitted> objects;
  std::string output;
  bool has_error = false;
  hsd_status error_status = HSD_OK;
  std::string error_code;
  std::string error_message;
  std::string error_details;
  bool error_retryable = false;
  std::vector<std::string> logs;
  std::vector<std::tuple<std::string, uint64_t, uint64_t>> progress;
  int credential_calls = 0;
  int forced_refreshes = 0;

  std::vector<Recorded> requests_to(const std::string& url_part) const;
  const Emitted* object(const std::string& type, const std::string& id) const;
  size_t count(const std::string& type) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::deque<Scripted> queue;
  };
  static FakeHost& self(hsd_call* call) { return *reinterpret_cast<FakeHost*>(call); }
  static void log(hsd_call*, hsd_log_level, hsd_str_view);
  static void set_error(hsd_call*, const hsd_error*);
  static void set_output(hsd_call*, hsd_str_view);
  static hsd_status emit_object(hsd_call*, const hsd_object*);
  static void report_progress(hsd_call*, hsd_str_view, uint64_t, uint64_t);
  static uint32_t is_cancelled(hsd_call*);
  static hsd_status http_send(hsd_call*, const hsd_http_request*, hsd_http_response_fn, void*);
  static hsd_status get_credentials(hsd_call*, uint32_t, hsd_str_fn, void*);
  static hsd_status read_objects(hsd_call*, hsd_str_view, hsd_object_fn, void*);

  std::string unscripted_body_;
  hsd_host_api api_{};
  mutable std::recursive_mutex mutex_;
  std::vector<Route> routes_;
};

}  // namespace hsd::plugins::support::testing
