// echo_source: a source plugin that needs no network. connect accepts tokens that start
// with "echo-" (the rest names the account), refresh issues a new token generation, and
// retrieve emits a configurable number of synthetic objects of two types with progress.
// It is the example to copy when writing a plugin, and the engine's test plugin.
#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>
#include <vector>

namespace {

using hsd::sdk::Context;
using hsd::sdk::fail;
using hsd::sdk::json_string;
using hsd::sdk::Result;
using hsd::sdk::Status;
using Poco::JSON::Object;

constexpr hsd_param_desc kConnectParams[] = {
    hsd::sdk::param("token", "string", true, nullptr, "An access token: echo-<account>", HSD_PARAM_SECRET),
    hsd::sdk::param("label", "string", false, nullptr, "A friendly name for the connection"),
    hsd::sdk::param("expires_in", "integer", false, nullptr,
                    "Seconds until the token expires; absent: it never expires"),
};
constexpr hsd_param_desc kRetrieveParams[] = {
    hsd::sdk::param("types", "string_list", false, nullptr, "Only these types (default: all)"),
    hsd::sdk::param("count", "integer", false, "10", "Objects per type"),
    hsd::sdk::param("revision", "integer", false, "1", "Changes every object's content"),
    hsd::sdk::param("fail_after", "integer", false, "-1",
                    "Fail after emitting this many objects (for testing); -1: never"),
};
constexpr hsd_action_desc kActions[] = {
    hsd::sdk::action("connect", "Checks a token and describes the account", kConnectParams),
    hsd::sdk::action("refresh", "Issues the next token generation"),
    hsd::sdk::action("retrieve", "Emits synthetic objects of each type", kRetrieveParams),
    hsd::sdk::action("revoke", "Forgets the token"),
};
constexpr const char* kObjectTypes[] = {"widgets", "gadgets"};
// How people see the plugin, and the auth types connect may store (ABI 1.2).
constexpr const char* kManifest = R"json({
  "display_name": "Echo",
  "noun": "echo account",
  "auth_types": [{"value": "oauth", "label": "Expiring token"}, {"value": "private_app", "label": "Token"}]
})json";

Object::Ptr parse_object(std::string_view json) {
  if (json.empty()) return new Object;
  return Poco::JSON::Parser().parse(std::string(json)).extract<Object::Ptr>();
}

Object::Ptr child(const Object::Ptr& parent, const std::string& key) {
  auto value = parent->getObject(key);
  return value ? value : Object::Ptr(new Object);
}

std::string label_for(std::string_view type, int i) {
  // Nasty on purpose: quotes, a slash, a newline and an emoji must survive storage intact.
  std::string singular = type == "widgets" ? "Widget" : "Gadget";
  return singular + " " + std::to_string(i) + " \"ü/✓\"\n🚀";
}

class EchoSource {
 public:
  static Result<std::unique_ptr<EchoSource>> create(Context&, std::string_view config) {
    auto plugin = std::make_unique<EchoSource>();
    auto json = parse_object(config);
    plugin->prefix_ = json->optValue<std::string>("accept_prefix", "echo-");
    return plugin;
  }

  Status invoke(Context& context, std::string_view action, std::string_view input_json) {
    auto input = parse_object(input_json);
    auto params = child(input, "params");
    if (action == "connect") return connect(context, params);
    if (action == "refresh") return refresh(context, child(input, "credentials"));
    if (action == "retrieve") return retrieve(context, params);
    if (action == "revoke") {
      context.set_output(R"({"revoked":true})");
      return {};
    }
    return fail(HSD_ERR_UNSUPPORTED, "echo_source has no action '" + std::string(action) + "'");
  }

 private:
  Status connect(Context& context, const Object::Ptr& params) {
    const auto token = params->optValue<std::string>("token", "");
    if (token.rfind(prefix_, 0) != 0 || token.size() == prefix_.size()) {
      return fail(HSD_ERR_UNAUTHENTICATED,
                  "The token was refused: an echo token looks like '" + prefix_ + "<account>'");
    }
    const std::string account = token.substr(prefix_.size());
    std::string out = "{\"account_id\":" + json_string(account) +
                      ",\"account_name\":" + json_string(account + ".echo.test") +
                      ",\"label\":" + json_string(params->optValue<std::string>("label", "")) +
                      ",\"scopes_requested\":[\"widgets.read\",\"gadgets.read\"]" +
                      ",\"scopes_granted\":[\"widgets.read\",\"gadgets.read\"]";
    if (params->has("expires_in")) {
      out += ",\"auth_type\":\"oauth\",\"expires_in\":" +
             std::to_string(params->getValue<int>("expires_in")) +
             ",\"credentials\":{\"access_token\":" + json_string(token + "#1") +
             ",\"refresh_token\":" + json_string("refresh-" + account) + ",\"generation\":1}";
    } else {
      out += ",\"auth_type\":\"private_app\",\"credentials\":{\"access_token\":" + json_string(token) + "}";
    }
    context.set_output(out + "}");
    return {};
  }

  Status refresh(Context& context, const Object::Ptr& credentials) {
    const auto refresh_token = credentials->optValue<std::string>("refresh_token", "");
    if (refresh_token.empty() || refresh_token == "refresh-revoked") {
      return fail(HSD_ERR_UNAUTHENTICATED, "Token refresh failed: reconnect the account");
    }
    const auto access = credentials->optValue<std::string>("access_token", "");
    const int generation = credentials->optValue<int>("generation", 1) + 1;
    context.set_output("{\"expires_in\":3600,\"credentials\":{\"access_token\":" +
                       json_string(access.substr(0, access.find('#')) + "#" + std::to_string(generation)) +
                       ",\"refresh_token\":" + json_string(refresh_token) +
                       ",\"generation\":" + std::to_string(generation) + "}}");
    return {};
  }

  Status retrieve(Context& context, const Object::Ptr& params) {
    auto credentials = context.credentials();
    if (!credentials) return credentials.failure();
    std::vector<std::string> types;
    if (auto wanted = params->getArray("types")) {
      for (size_t i = 0; i < wanted->size(); ++i) types.push_back(wanted->getElement<std::string>(i));
    } else {
      types.assign(std::begin(kObjectTypes), std::end(kObjectTypes));
    }
    const int count = params->optValue<int>("count", 10);
    const int revision = params->optValue<int>("revision", 1);
    const int fail_after = params->optValue<int>("fail_after", -1);
    int emitted = 0;
    for (const auto& type : types) {
      for (int i = 1; i <= count; ++i) {
        if (context.cancelled()) return fail(HSD_ERR_CANCELLED, "the retrieval was cancelled");
        if (emitted == fail_after) {
          return fail(HSD_ERR_UNAVAILABLE,
                      "simulated failure after " + std::to_string(emitted) + " objects", true);
        }
        const std::string id = type + "-" + std::to_string(i);
        const std::string label = label_for(type, i);
        const std::string data = "{\"id\":" + json_string(id) + ",\"label\":" + json_string(label) +
                                 ",\"revision\":" + std::to_string(revision) +
                                 ",\"options\":[1, 2.50, true, null]}";
        if (auto status = context.emit(type, id, label, data); !status) return status;
        ++emitted;
        context.progress(type, static_cast<uint64_t>(i), static_cast<uint64_t>(count));
      }
    }
    context.set_output("{\"objects\":" + std::to_string(emitted) + "}");
    return {};
  }

  std::string prefix_;
};

}  // namespace

HSD_DECLARE_PLUGIN(EchoSource, "echo_source", "1.0.0", "source",
                   "Synthetic objects for trying the engine and testing plugins", kActions,
                   kObjectTypes, kManifest)
