/**
 * @file hsd/sdk.hpp
 * Header-only C++20 helper for plugin authors. It is compiled into each plugin and is not
 * part of the ABI: a plugin built with an older copy keeps working with a newer engine.
 *
 * A source or VCS plugin is a class with
 *   static hsd::sdk::Result<std::unique_ptr<T>> create(hsd::sdk::Context&, std::string_view config_json);
 *   hsd::sdk::Status invoke(hsd::sdk::Context&, std::string_view action, std::string_view input_json);
 * and one line that exports it:
 *   HSD_DECLARE_PLUGIN(T, "my_source", "1.0.0", "source", "What it does", kActions, kObjectTypes)
 * where kActions is an array built with hsd::sdk::action(...) and kObjectTypes an array of
 * type names (hsd::sdk::no_object_types for none). Every trampoline is
 * noexcept: an exception thrown by the plugin becomes HSD_ERR_INTERNAL with its message.
 */
#ifndef HSD_SDK_HPP
#define HSD_SDK_HPP

#include <hsd/abi.h>
#include <hsd/json_text.hpp>

#include <cctype>
#include <concepts>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace hsd::sdk {

/** Why an operation failed; becomes an hsd_error at the boundary. */
struct Failure {
  hsd_status status = HSD_ERR_INTERNAL;
  std::string message;
  bool retryable = false;
  std::string code;          // a short stable code, e.g. "MISSING_SCOPES"
  std::string details_json;  // a JSON object, or empty
};

inline Failure fail(hsd_status status, std::string message, bool retryable = false) {
  Failure f;
  f.status = status;
  f.message = std::move(message);
  f.retryable = retryable;
  return f;
}

/** A value or a Failure. */
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}       // NOLINT: implicit by design
  Result(Failure failure) : state_(std::move(failure)) {}  // NOLINT: implicit by design
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }
  const Failure& failure() const { return std::get<1>(state_); }

 private:
  std::variant<T, Failure> state_;
};

/** Success or a Failure. */
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Failure failure) : failure_(std::move(failure)) {}  // NOLINT: implicit by design
  bool ok() const { return !failure_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Failure& failure() const { return *failure_; }

 private:
  std::optional<Failure> failure_;
};

inline hsd_str_view to_view(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view from_view(hsd_str_view s) {
  return s.data ? std::string_view(s.data, s.size) : std::string_view();
}

/** An HTTP response copied out of the host's buffers. */
struct HttpResponse {
  uint32_t status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /** The first header with this name, compared case-insensitively; empty when absent. */
  std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (size_t i = 0; i < key.size() && same; ++i) {
        same = std::tolower(static_cast<unsigned char>(key[i])) ==
               std::tolower(static_cast<unsigned char>(name[i]));
      }
      if (same) return value;
    }
    return {};
  }
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  uint32_t timeout_ms = 0;  // 0: the host's default
};

/**
 * The plugin's view of one call: host services bound to the call they belong to.
 * LIFETIME: the call; do not keep a Context.
 */
class Context {
 public:
  Context(const hsd_host_api* host, hsd_call* call) : host_(host), call_(call) {}

  const hsd_host_api* host() const { return host_; }
  hsd_call* call() const { return call_; }

  void log(hsd_log_level level, std::string_view message) const {
    host_->log(call_, level, to_view(message));
  }
  void info(std::string_view message) const { log(HSD_LOG_INFO, message); }
  void warn(std::string_view message) const { log(HSD_LOG_WARN, message); }
  void debug(std::string_view message) const { log(HSD_LOG_DEBUG, message); }

  /** Sets the action's output (a JSON object). */
  void set_output(std::string_view json) const { host_->set_output(call_, to_view(json)); }

  /** Hands one retrieved object to the host; data_json is stored byte for byte. */
  Status emit(std::string_view type, std::string_view id, std::string_view name,
              std::string_view data_json) const {
    hsd_object object{};
    object.struct_size = sizeof(object);
    object.type = to_view(type);
    object.id = to_view(id);
    object.name = to_view(name);
    object.data_json = to_view(data_json);
    const hsd_status status = host_->emit_object(call_, &object);
    if (status == HSD_OK) return {};
    if (status == HSD_ERR_CANCELLED) return fail(status, "the retrieval was cancelled");
    return fail(status, "the engine refused object '" + std::string(id) + "' of type '" +
                            std::string(type) + "'");
  }

  void progress(std::string_view type, uint64_t done, uint64_t total) const {
    host_->progress(call_, to_view(type), done, total);
  }

  bool cancelled() const { return host_->is_cancelled(call_) != 0; }

  /** Sends a request through the host. Transport failures are Failures; HTTP errors are responses. */
  Result<HttpResponse> http(const HttpRequest& request) const {
    std::vector<hsd_http_header> headers;
    headers.reserve(request.headers.size());
    for (const auto& [name, value] : request.headers) headers.push_back({to_view(name), to_view(value)});
    hsd_http_request req{};
    req.struct_size = sizeof(req);
    req.timeout_ms = request.timeout_ms;
    req.method = to_view(request.method);
    req.url = to_view(request.url);
    req.headers = headers.data();
    req.header_count = headers.size();
    req.body = to_view(request.body);
    req.header_size = sizeof(hsd_http_header);
    struct Exchange {
      HttpResponse response;
      std::optional<Failure> transport;  // what the host said failed, when it said so
    } exchange;
    req.on_failure = [](void* user, const hsd_error* e) noexcept {
      try {
        Failure f = fail(e->status, std::string(from_view(e->message)), e->retryable != 0);
        f.code = from_view(e->code);
        static_cast<Exchange*>(user)->transport = std::move(f);
      } catch (...) {
      }
    };
    const hsd_status status = host_->http_send(
        call_, &req,
        [](void* user, const hsd_http_response* r) noexcept -> hsd_status {
          try {
            auto& out = static_cast<Exchange*>(user)->response;
            out.status = r->status;
            // A host older than 1.2 gives no element size: its headers have the 1.0 layout.
            const size_t stride = HSD_HAS_FIELD(r, hsd_http_response, header_size) && r->header_size != 0
                                      ? r->header_size
                                      : sizeof(hsd_http_header);
            const char* base = reinterpret_cast<const char*>(r->headers);
            for (size_t i = 0; i < r->header_count; ++i) {
              const auto* h = reinterpret_cast<const hsd_http_header*>(base + i * stride);
              out.headers.emplace_back(from_view(h->name), from_view(h->value));
            }
            out.body.assign(from_view(r->body));
            return HSD_OK;
          } catch (...) {
            return HSD_ERR_INTERNAL;
          }
        },
        &exchange);
    if (status != HSD_OK) {
      if (exchange.transport) return *exchange.transport;
      return fail(status, request.method + " " + request.url.substr(0, request.url.find('?')) +
                              " failed", status == HSD_ERR_UNAVAILABLE);
    }
    return std::move(exchange.response);
  }

  /** The connection's credentials JSON, refreshed by the host first when they expire soon. */
  Result<std::string> credentials(bool force_refresh = false) const {
    std::string json;
    const hsd_status status = host_->get_credentials(
        call_, force_refresh ? static_cast<uint32_t>(HSD_CREDENTIALS_FORCE_REFRESH) : 0u,
        [](void* user, hsd_str_view value) noexcept -> hsd_status {
          try {
            static_cast<std::string*>(user)->assign(from_view(value));
            return HSD_OK;
          } catch (...) {
            return HSD_ERR_INTERNAL;
          }
        },
        &json);
    if (status != HSD_OK) return fail(status, "the connection's credentials are not available");
    return json;
  }

  /** One object of the snapshot the host bound to the call, with its content hash. */
  struct StoredObject {
    std::string_view type, id, name, data_json, hash;
  };

  /**
   * Streams the bound snapshot's objects (ordered by type, then id) to on_object, which
   * returns a Status; a Failure stops the listing and is returned. query_json: {"type": T} or {}.
   * Needs a 1.1 host; an older one answers HSD_ERR_UNSUPPORTED.
   */
  template <class F>
  Status read_objects(std::string_view query_json, F&& on_object) const {
    if (!HSD_HAS_FIELD(host_, hsd_host_api, read_objects) || !host_->read_objects) {
      return fail(HSD_ERR_UNSUPPORTED, "the engine is too old to hand a plugin stored objects (needs ABI 1.1)");
    }
    struct Pass {
      F* fn;
      std::optional<Failure> failure;
    } pass{&on_object, std::nullopt};
    const hsd_status status = host_->read_objects(
        call_, to_view(query_json),
        [](void* user, const hsd_object* o, hsd_str_view hash) noexcept -> hsd_status {
          auto* p = static_cast<Pass*>(user);
          try {
            Status s = (*p->fn)(StoredObject{from_view(o->type), from_view(o->id), from_view(o->name),
                                             from_view(o->data_json), from_view(hash)});
            if (s.ok()) return HSD_OK;
            p->failure = s.failure();
            return s.failure().status == HSD_OK ? static_cast<hsd_status>(HSD_ERR_INTERNAL) : s.failure().status;
          } catch (const std::exception& e) {
            p->failure = fail(HSD_ERR_INTERNAL, e.what());
            return HSD_ERR_INTERNAL;
          } catch (...) {
            p->failure = fail(HSD_ERR_INTERNAL, "reading a stored object failed");
            return HSD_ERR_INTERNAL;
          }
        },
        &pass);
    if (pass.failure) return *pass.failure;
    if (status == HSD_OK) return {};
    if (status == HSD_ERR_CANCELLED) return fail(status, "the call was cancelled");
    if (status == HSD_ERR_NOT_FOUND) return fail(status, "the engine bound no snapshot to this call");
    return fail(status, "reading the stored objects failed");
  }

  /** Reports a failure to the host; returns its status for the trampoline. */
  hsd_status report(const Failure& failure) const {
    hsd_error error{};
    error.struct_size = sizeof(error);
    error.status = failure.status == HSD_OK ? static_cast<hsd_status>(HSD_ERR_INTERNAL) : failure.status;
    error.retryable = failure.retryable ? 1u : 0u;
    error.code = to_view(failure.code);
    error.message = to_view(failure.message);
    error.details_json = to_view(failure.details_json);
    host_->set_error(call_, &error);
    return error.status;
  }

 private:
  const hsd_host_api* host_;
  hsd_call* call_;
};

/** What a source or VCS plugin class must offer. */
template <class T>
concept Plugin = requires(Context& context, std::string_view text, T& plugin) {
  { T::create(context, text) } -> std::same_as<Result<std::unique_ptr<T>>>;
  { plugin.invoke(context, text, text) } -> std::same_as<Status>;
};

/**
 * Builds a parameter descriptor. default_json is JSON text ("10", "\"x\"", "true") or nullptr;
 * flags are HSD_PARAM_* bits (secret, flow, required when connecting directly).
 */
constexpr hsd_param_desc param(const char* name, const char* type, bool required,
                               const char* default_json, const char* description,
                               uint32_t flags = 0) {
  return hsd_param_desc{sizeof(hsd_param_desc), required ? 1u : 0u, name, type, default_json,
                        description, flags, 0};
}

/** Builds an action descriptor over a static array of parameters. */
template <size_t N>
constexpr hsd_action_desc action(const char* name, const char* description,
                                 const hsd_param_desc (&params)[N]) {
  return hsd_action_desc{sizeof(hsd_action_desc), sizeof(hsd_param_desc), name, description,
                         params, N};
}
constexpr hsd_action_desc action(const char* name, const char* description) {
  return hsd_action_desc{sizeof(hsd_action_desc), sizeof(hsd_param_desc), name, description,
                         nullptr, 0};
}

/** Pass as object_types to HSD_DECLARE_PLUGIN when a plugin emits no objects. */
struct NoObjectTypes {};
inline constexpr NoObjectTypes no_object_types{};

namespace detail {

template <Plugin T>
struct Instance {
  const hsd_host_api* host;
  std::unique_ptr<T> plugin;
};

template <class F>
hsd_status guarded(const Context& context, F&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    return context.report(fail(HSD_ERR_INTERNAL, std::string("unexpected exception: ") + e.what()));
  } catch (...) {
    return context.report(fail(HSD_ERR_INTERNAL, "unexpected exception of unknown type"));
  }
}

template <Plugin T>
hsd_status create(const hsd_host_api* host, hsd_call* call, hsd_str_view config,
                  void** out_instance) noexcept {
  *out_instance = nullptr;
  Context context(host, call);
  return guarded(context, [&]() -> hsd_status {
    auto plugin = T::create(context, from_view(config));
    if (!plugin) return context.report(plugin.failure());
    *out_instance = new Instance<T>{host, std::move(plugin.value())};
    return HSD_OK;
  });
}

template <Plugin T>
void destroy(void* instance) noexcept {
  delete static_cast<Instance<T>*>(instance);
}

template <Plugin T>
hsd_status invoke(void* instance, hsd_call* call, hsd_str_view action, hsd_str_view input) noexcept {
  auto* self = static_cast<Instance<T>*>(instance);
  Context context(self->host, call);
  return guarded(context, [&]() -> hsd_status {
    Status status = self->plugin->invoke(context, from_view(action), from_view(input));
    return status ? static_cast<hsd_status>(HSD_OK) : context.report(status.failure());
  });
}

template <size_t N>
constexpr size_t count_of(const hsd_action_desc (&)[N]) { return N; }
template <size_t N>
constexpr uint32_t count_of(const char* const (&)[N]) { return N; }
constexpr uint32_t count_of(NoObjectTypes) { return 0; }
template <size_t N>
constexpr const char* const* types_of(const char* const (&types)[N]) { return types; }
constexpr const char* const* types_of(NoObjectTypes) { return nullptr; }
constexpr const char* manifest_or_null() { return nullptr; }
constexpr const char* manifest_or_null(const char* manifest_json) { return manifest_json; }

template <Plugin T>
hsd_plugin_api make_api(const char* id, const char* version, const char* kind,
                        const char* description, const hsd_action_desc* actions,
                        size_t action_count, const char* const* object_types,
                        uint32_t object_type_count, const char* manifest_json) {
  hsd_plugin_api api{};
  api.magic = HSD_ABI_MAGIC;
  api.struct_size = sizeof(hsd_plugin_api);
  api.abi_major = HSD_ABI_VERSION_MAJOR;
  api.abi_minor = HSD_ABI_VERSION_MINOR;
#ifdef HSD_PLUGIN_MIN_HOST_MINOR
  api.min_host_minor = HSD_PLUGIN_MIN_HOST_MINOR;  // lower only when newer fields are guarded
#else
  api.min_host_minor = HSD_ABI_VERSION_MINOR;
#endif
  api.id = id;
  api.version = version;
  api.kind = kind;
  api.description = description;
  api.actions = actions;
  api.action_count = action_count;
  api.action_size = sizeof(hsd_action_desc);
  api.object_types = object_types;
  api.object_type_count = object_type_count;
  api.create = &create<T>;
  api.destroy = &destroy<T>;
  api.invoke = &invoke<T>;
  api.storage = nullptr;
  api.manifest_json = manifest_json;
  return api;
}

}  // namespace detail
}  // namespace hsd::sdk

/**
 * Exports the plugin class Type as the library's one entry symbol.
 * actions: a static array of hsd_action_desc; object_types: a static array of type names,
 * or hsd::sdk::no_object_types; then, optionally, the manifest: a static JSON string (see
 * sdk/ABI.md) with the plugin's display name, noun, auth types and secret shapes.
 */
#define HSD_DECLARE_PLUGIN(Type, id, version, kind, description, actions, object_types, ...)   \
  extern "C" HSD_EXPORT const hsd_plugin_api* hsd_plugin_entry(void) {                          \
    static const hsd_plugin_api api = ::hsd::sdk::detail::make_api<Type>(                        \
        id, version, kind, description, actions, ::hsd::sdk::detail::count_of(actions),          \
        ::hsd::sdk::detail::types_of(object_types),                                              \
        ::hsd::sdk::detail::count_of(object_types),                                              \
        ::hsd::sdk::detail::manifest_or_null(__VA_ARGS__));                                      \
    return &api;                                                                                  \
  }

#endif  // HSD_SDK_HPP
