// The hsd_host_api table every plugin receives. Each entry is a noexcept C function that
// forwards to the CallContext of the current call; nothing here throws into a plugin.
#include <hsd/abi.h>

#include <string>
#include <vector>

#include "hsd/engine/call_context.hpp"
#include "hsd/engine/http_client.hpp"
#include "hsd/engine/http_tally.hpp"
#include "hsd/engine/log.hpp"
#include "hsd/engine/metrics.hpp"
#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {
namespace {

// Provider API calls by plugin and HTTP status ("error" when no answer came), and 429s apart,
// for the service's /metrics.
void count_provider_call(const std::string& plugin, const std::string& status, bool rate_limited) {
  static auto& calls = hsd::engine::metrics::Registry::global().counter(
      "hsd_provider_requests_total", "Requests plugins sent to provider APIs, by plugin and HTTP status",
      {"plugin", "status"});
  static auto& limited = hsd::engine::metrics::Registry::global().counter(
      "hsd_provider_rate_limited_total", "Provider answers of 429 Too Many Requests, by plugin", {"plugin"});
  calls.with({plugin, status}).inc();
  if (rate_limited) limited.with({plugin}).inc();
}

std::string_view view(hsd_str_view s) { return s.data ? std::string_view(s.data, s.size) : ""; }

HttpClient& default_http_client() {
  static HttpClient client;
  return client;
}

void host_log(hsd_call* call, hsd_log_level level, hsd_str_view message) noexcept {
  if (!call) return;
  try {
    call->on_log(level, view(message));
  } catch (...) {
    // A log line that cannot be written is not worth failing the plugin's call for.
  }
}

void host_set_error(hsd_call* call, const hsd_error* error) noexcept {
  if (!call || !error) return;
  try {
    Error e;
    e.code = error->status == HSD_OK || error->status > HSD_ERR_CANCELLED
                 ? ErrorCode::internal
                 : static_cast<ErrorCode>(error->status);
    e.message = view(error->message);
    if (HSD_HAS_FIELD(error, hsd_error, details_json)) {
      e.retryable = error->retryable != 0;
      e.reason = view(error->code);
      e.details_json = view(error->details_json);
    }
    if (e.message.empty()) e.message = "the plugin reported a failure without a message";
    call->set_error(std::move(e));
  } catch (...) {
  }
}

void host_set_output(hsd_call* call, hsd_str_view output_json) noexcept {
  if (!call) return;
  try {
    call->set_output(view(output_json));
  } catch (...) {
  }
}

hsd_status host_emit_object(hsd_call* call, const hsd_object* object) noexcept {
  if (!call || !object || object->struct_size < sizeof(uint32_t) * 2 + sizeof(hsd_str_view) * 4) {
    return HSD_ERR_INVALID_ARGUMENT;
  }
  try {
    return call->on_object(*object);
  } catch (const std::exception& e) {
    call->set_error(make_error(ErrorCode::internal, std::string("storing an object failed: ") + e.what()));
    return HSD_ERR_INTERNAL;
  }
}

void host_progress(hsd_call* call, hsd_str_view type, uint64_t done, uint64_t total) noexcept {
  if (!call) return;
  try {
    call->on_progress(view(type), done, total);
  } catch (...) {
  }
}

// Since 1.2 a request may ask what a transport failure was (its stable code and a cause that
// names the host); the plugin then reports that instead of a generic "could not be reached".
void describe_transport_failure(const hsd_http_request* request, const Error& failure, void* user) {
  if (!HSD_HAS_FIELD(request, hsd_http_request, on_failure) || !request->on_failure) return;
  const std::string cause = transport_cause(failure);
  hsd_error described{};
  described.struct_size = sizeof(described);
  described.status = static_cast<hsd_status>(failure.code);
  described.retryable = failure.retryable ? 1 : 0;
  described.code = {failure.reason.data(), failure.reason.size()};
  described.message = {cause.data(), cause.size()};
  request->on_failure(user, &described);
}

uint32_t host_is_cancelled(hsd_call* call) noexcept { return call && call->cancelled() ? 1 : 0; }

hsd_status host_http_send(hsd_call* call, const hsd_http_request* request,
                          hsd_http_response_fn on_response, void* user) noexcept {
  if (!call) return HSD_ERR_INVALID_ARGUMENT;
  if (!request || !on_response || !HSD_HAS_FIELD(request, hsd_http_request, body)) {
    call->set_error(make_error(ErrorCode::invalid_argument, "http_send needs a request and a callback"));
    return HSD_ERR_INVALID_ARGUMENT;
  }
  try {
    HttpRequest req;
    req.method = view(request->method);
    req.url = view(request->url);
    // Before 1.2 a request gave no element size: its headers have the 1.0 layout.
    const size_t stride = HSD_HAS_FIELD(request, hsd_http_request, header_size) && request->header_size != 0
                              ? request->header_size
                              : sizeof(hsd_http_header);
    if (stride < sizeof(hsd_http_header) || (request->header_count > 0 && !request->headers)) {
      call->set_error(make_error(ErrorCode::invalid_argument, "http_send: the request's header array is malformed"));
      return HSD_ERR_INVALID_ARGUMENT;
    }
    const char* base = reinterpret_cast<const char*>(request->headers);
    for (size_t i = 0; i < request->header_count; ++i) {
      const auto* header = reinterpret_cast<const hsd_http_header*>(base + i * stride);
      req.headers.emplace_back(view(header->name), view(header->value));
    }
    req.body = view(request->body);
    if (request->timeout_ms > 0) req.timeout = std::chrono::milliseconds(request->timeout_ms);

    HttpClient& client = call->http ? *call->http : default_http_client();
    auto response = client.send(req);
    count_provider_call(call->plugin_id, response ? std::to_string(response->status) : "error",
                        response && response->status == 429);
    if (call->http_tally) call->http_tally->record(req.method, req.url, req.body, response ? response->status : 0);
    if (!response) {
      const Error& failure = response.error();
      if (!failure.reason.empty()) describe_transport_failure(request, failure, user);
      call->set_error(failure);
      return static_cast<hsd_status>(failure.code);
    }
    std::vector<hsd_http_header> headers;
    headers.reserve(response->headers.size());
    for (const auto& [name, value] : response->headers) {
      headers.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
    }
    hsd_http_response out{};
    out.struct_size = sizeof(out);
    out.status = static_cast<uint32_t>(response->status);
    out.headers = headers.data();
    out.header_count = headers.size();
    out.body = {response->body.data(), response->body.size()};
    out.header_size = sizeof(hsd_http_header);
    return on_response(user, &out);
  } catch (const std::exception& e) {
    call->set_error(make_error(ErrorCode::internal, std::string("http_send failed: ") + e.what()));
    return HSD_ERR_INTERNAL;
  }
}

hsd_status host_get_credentials(hsd_call* call, uint32_t flags, hsd_str_fn on_value,
                                void* user) noexcept {
  if (!call || !on_value) return HSD_ERR_INVALID_ARGUMENT;
  try {
    std::string json;
    const hsd_status status = call->on_credentials(flags, json);
    if (status != HSD_OK) return status;
    return on_value(user, {json.data(), json.size()});
  } catch (const std::exception& e) {
    call->set_error(make_error(ErrorCode::internal, std::string("get_credentials failed: ") + e.what()));
    return HSD_ERR_INTERNAL;
  }
}

hsd_status host_read_objects(hsd_call* call, hsd_str_view query_json, hsd_object_fn on_object,
                             void* user) noexcept {
  if (!call || !on_object) return HSD_ERR_INVALID_ARGUMENT;
  try {
    return call->on_read_objects(view(query_json), on_object, user);
  } catch (const std::exception& e) {
    call->set_error(make_error(ErrorCode::internal, std::string("read_objects failed: ") + e.what()));
    return HSD_ERR_INTERNAL;
  }
}

}  // namespace

const hsd_host_api& PluginHost::host_api() {
  static const hsd_host_api table = [] {
    hsd_host_api t{};
    t.struct_size = sizeof(hsd_host_api);
    t.abi_major = HSD_ABI_VERSION_MAJOR;
    t.abi_minor = HSD_ABI_VERSION_MINOR;
    t.log = host_log;
    t.set_error = host_set_error;
    t.set_output = host_set_output;
    t.emit_object = host_emit_object;
    t.progress = host_progress;
    t.is_cancelled = host_is_cancelled;
    t.http_send = host_http_send;
    t.get_credentials = host_get_credentials;
    t.read_objects = host_read_objects;
    return t;
  }();
  return table;
}

}  // namespace hsd::engine
