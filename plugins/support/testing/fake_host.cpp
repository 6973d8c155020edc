#include <hsd/plugins/support/testing/fake_host.hpp>

#include <cctype>

namespace hsd::plugins::support::testing {

using hsd::sdk::from_view;
using hsd::sdk::to_view;

std::string Recorded::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < key.size(); ++i) {
      same = same && std::tolower(static_cast<unsigned char>(key[i])) == std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return value;
  }
  return {};
}

FakeHost::FakeHost(Persona persona)
    : credentials(std::move(persona.credentials)),
      refreshed(std::move(persona.refreshed)),
      unscripted_body_(std::move(persona.unscripted_body)) {
  api_.struct_size = sizeof(api_);
  api_.abi_major = HSD_ABI_VERSION_MAJOR;
  api_.abi_minor = HSD_ABI_VERSION_MINOR;
  api_.log = &FakeHost::log;
  api_.set_error = &FakeHost::set_error;
  api_.set_output = &FakeHost::set_output;
  api_.emit_object = &FakeHost::emit_object;
  api_.progress = &FakeHost::report_progress;
  api_.is_cancelled = &FakeHost::is_cancelled;
  api_.http_send = &FakeHost::http_send;
  api_.get_credentials = &FakeHost::get_credentials;
  api_.read_objects = &FakeHost::read_objects;
}

void FakeHost::on(const std::string& method, const std::string& pattern, Scripted response) {
  std::lock_guard lock(mutex_);
  for (auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      route.queue.push_back(std::move(response));
      return;
    }
  }
  routes_.push_back(Route{method, pattern, {std::move(response)}});
}

std::vector<Recorded> FakeHost::requests_to(const std::string& url_part) const {
  std::lock_guard lock(mutex_);
  std::vector<Recorded> out;
  for (const auto& request : requests) {
    if (request.url.find(url_part) != std::string::npos) out.push_back(request);
  }
  return out;
}

const Emitted* FakeHost::object(const std::string& type, const std::string& id) const {
  for (const auto& object : objects) {
    if (object.type == type && object.id == id) return &object;
  }
  return nullptr;
}

size_t FakeHost::count(const std::string& type) const {
  size_t n = 0;
  for (const auto& object : objects) n += object.type == type;
  return n;
}

void FakeHost::log(hsd_call* call, hsd_log_level, hsd_str_view message) {
  auto& host = self(call);
  std::lock_guard lock(host.mutex_);
  host.logs.emplace_back(from_view(message));
}

void FakeHost::set_error(hsd_call* call, const hsd_error* error) {
  auto& host = self(call);
  std::lock_guard lock(host.mutex_);
  host.has_error = true;
  host.error_status = error->status;
  host.error_code = std::string(from_view(error->code));
  host.error_message = std::string(from_view(error->message));
  host.error_retryable = error->retryable != 0;
  host.error_details = std::string(from_view(error->details_json));
}

void FakeHost::set_output(hsd_call* call, hsd_str_view output) {
  auto& host = self(call);
  std::lock_guard lock(host.mutex_);
  host.output = std::string(from_view(output));
}

hsd_status FakeHost::emit_object(hsd_call* call, const hsd_object* object) {
  auto& host = self(call);
  std::lock_guard lock(host.mutex_);
  if (host.emit_status != HSD_OK) return host.emit_status;
  host.objects.push_back(Emitted{std::string(from_view(object->type)), std::string(from_view(object->id)),
                                 std::string(from_view(object->name)), std::string(from_view(object->data_json))});
  return HSD_OK;
}

void FakeHost::report_progress(hsd_call* call, hsd_str_view type, uint64_t done, uint64_t total) {
  auto& host = self(call);
  std::lock_guard lock(host.mutex_);
  host.progress.emplace_back(std::string(from_view(type)), done, total);
}

uint32_t FakeHost::is_cancelled(hsd_call* call) { return self(call).cancelled ? 1u : 0u; }

hsd_status FakeHost::http_send(hsd_call* call, const hsd_http_request* request, hsd_http_response_fn on_response,
                               void* user) {
  auto& host = self(call);
  Scripted answer;
  std::string transport_code;
  std::string transport_message;
  {
    std::lock_guard lock(host.mutex_);
    Recorded recorded{std::string(from_view(request->method)), std::string(from_view(request->url)), {},
                      std::string(from_view(request->body))};
    for (size_t i = 0; i < request->header_count; ++i) {
      recorded.headers.emplace_back(from_view(request->headers[i].name), from_view(request->headers[i].value));
    }
    host.requests.push_back(recorded);
    std::optional<Scripted> handled;
    if (host.handler) handled = host.handler(recorded);
    Route* best = nullptr;
    for (auto& route : host.routes_) {
      if (route.method != recorded.method || route.queue.empty()) continue;
      bool match = false;
      if (!route.pattern.empty() && route.pattern.back() == '$') {
        const std::string suffix = route.pattern.substr(0, route.pattern.size() - 1);
        match = recorded.url.size() >= suffix.size() &&
                recorded.url.compare(recorded.url.size() - suffix.size(), suffix.size(), suffix) == 0;
      } else {
        match = recorded.url.find(route.pattern) != std::string::npos;
      }
      if (match && (!best || route.pattern.size() > best->pattern.size())) best = &route;
    }
    if (handled) {
      answer = *handled;
    } else if (!best) {
      host.unexpected.push_back(recorded.method + " " + recorded.url);
      answer = Scripted{404, host.unscripted_body_, {}, HSD_OK};
    } else {
      answer = best->queue.front();
      if (best->queue.size() > 1) best->queue.pop_front();
    }
    transport_code = host.transport_code;
    transport_message = host.transport_message;
  }
  if (answer.transport != HSD_OK) {
    if (HSD_HAS_FIELD(request, hsd_http_request, on_failure) && request->on_failure) {
      hsd_error failure{};
      failure.struct_size = sizeof(failure);
      failure.status = answer.transport;
      failure.retryable = answer.transport == HSD_ERR_UNAVAILABLE ? 1u : 0u;
      failure.code = to_view(transport_code);
      failure.message = to_view(transport_message);
      request->on_failure(user, &failure);
    }
    return answer.transport;
  }
  std::vector<hsd_http_header> headers;
  for (const auto& [name, value] : answer.headers) headers.push_back({to_view(name), to_view(value)});
  hsd_http_response response{};
  response.struct_size = sizeof(response);
  response.status = answer.status;
  response.headers = headers.data();
  response.header_count = headers.size();
  response.body = to_view(answer.body);
  return on_response(user, &response);
}

hsd_status FakeHost::get_credentials(hsd_call* call, uint32_t flags, hsd_str_fn on_value, void* user) {
  auto& host = self(call);
  std::string value;
  {
    std::lock_guard lock(host.mutex_);
    ++host.credential_calls;
    if (host.credentials_status != HSD_OK) return host.credentials_status;
    if (flags & HSD_CREDENTIALS_FORCE_REFRESH) {
      ++host.forced_refreshes;
      host.credentials = host.refreshed;
    }
    value = host.credentials;
  }
  return on_value(user, to_view(value));
}

hsd_status FakeHost::read_objects(hsd_call* call, hsd_str_view, hsd_object_fn on_object, void* user) {
  auto& host = self(call);
  for (const auto& [type, id, name, data, hash] : host.stored) {
    hsd_object object{};
    object.struct_size = sizeof(object);
    object.type = to_view(type);
    object.id = to_view(id);
    object.name = to_view(name);
    object.data_json = to_view(data);
    if (const hsd_status status = on_object(user, &object, to_view(hash)); status != HSD_OK) return status;
  }
  return HSD_OK;
}

}  // namespace hsd::plugins::support::testing
