// A test-only source plugin that the engine has never heard of, with a connect unlike any
// shipped one: an API key (secret), a subdomain and an integer region. It logs its secret at
// every level and quotes it in its refusals on purpose, so that the tests can show the engine
// redacts what a plugin declares secret wherever it could surface.
#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace {

using hsd::sdk::Context;
using hsd::sdk::fail;
using hsd::sdk::json_string;
using hsd::sdk::Result;
using hsd::sdk::Status;
using Poco::JSON::Object;

constexpr hsd_param_desc kConnectParams[] = {
    hsd::sdk::param("api_key", "string", false, nullptr, "The site's API key: oddk_ and at least 16 more characters",
                    HSD_PARAM_SECRET | HSD_PARAM_DIRECT_REQUIRED),
    hsd::sdk::param("subdomain", "string", false, nullptr, "The site's subdomain, e.g. acme", HSD_PARAM_DIRECT_REQUIRED),
    hsd::sdk::param("region", "integer", false, "1", "The data region, 1 to 9"),
};
constexpr hsd_param_desc kRetrieveParams[] = {
    hsd::sdk::param("types", "string_list", false, nullptr, "Only these types (default: all)"),
};
constexpr hsd_action_desc kActions[] = {
    hsd::sdk::action("connect", "Checks an API key and describes the site", kConnectParams),
    hsd::sdk::action("retrieve", "Emits the site's gizmos and doohickeys", kRetrieveParams),
    hsd::sdk::action("revoke", "Nothing to revoke"),
};
constexpr const char* kObjectTypes[] = {"gizmos", "doohickeys"};
// Summaries no shipped plugin has: an array of objects read through an item pointer, a key
// with a slash (~1 in the pointer), a nested object and an array of plain strings.
constexpr const char* kManifest = R"json({
  "display_name": "Odd Sites",
  "noun": "odd site",
  "auth_types": [{"value": "api_key", "label": "API key"}],
  "object_types": {
    "gizmos": {"label": "Gizmos", "summary": [
      {"label": "Colour", "pointer": "/colour"},
      {"label": "Width/height", "pointer": "/dimensions/w~1h"},
      {"label": "Parts", "pointer": "/parts", "item": "/part_name"},
      {"label": "Working", "pointer": "/working"}]},
    "doohickeys": {"label": "Doohickeys", "summary": [
      {"label": "Kind", "pointer": "/kind"},
      {"label": "Keeper", "pointer": "/keeper/email"},
      {"label": "Tags", "pointer": "/tags"}]}
  }
})json";

// The fields the manifest's summaries read, different for each object.
std::string details(std::string_view type, int i) {
  const std::string n = std::to_string(i);
  if (type == "gizmos") {
    static const char* const kColours[] = {"teal", "ochre", "mauve"};
    return std::string("\"colour\":\"") + kColours[(i - 1) % 3] + "\",\"dimensions\":{\"w/h\":\"" + n + "x" +
           std::to_string(i * 2) + "\"},\"parts\":[{\"part_name\":\"sprocket-" + n +
           "\",\"qty\":2},{\"part_name\":\"flange-" + n + "\",\"qty\":1}],\"working\":" +
           (i % 2 == 1 ? "true" : "false");
  }
  return "\"kind\":\"whatsit-" + n + "\",\"keeper\":{\"email\":\"keeper" + n +
         "@odd.test\"},\"tags\":[\"odd\",\"tag-" + n + "\"]";
}

Object::Ptr parse(std::string_view json) {
  if (json.empty()) return new Object;
  return Poco::JSON::Parser().parse(std::string(json)).extract<Object::Ptr>();
}

class OddSource {
 public:
  static Result<std::unique_ptr<OddSource>> create(Context&, std::string_view) { return std::make_unique<OddSource>(); }

  Status invoke(Context& context, std::string_view action, std::string_view input_json) {
    auto input = parse(input_json);
    auto params = input->getObject("params");
    if (!params) params = new Object;
    if (action == "connect") return connect(context, params);
    if (action == "retrieve") return retrieve(context);
    if (action == "revoke") return {};
    return fail(HSD_ERR_UNSUPPORTED, "odd_source has no action '" + std::string(action) + "'");
  }

 private:
  Status connect(Context& context, const Object::Ptr& params) {
    const auto key = params->optValue<std::string>("api_key", "");
    const auto subdomain = params->optValue<std::string>("subdomain", "");
    const auto region = params->optValue<int>("region", 1);
    // Careless on purpose: the engine must keep this out of every log.
    for (auto level : {HSD_LOG_TRACE, HSD_LOG_DEBUG, HSD_LOG_INFO, HSD_LOG_WARN}) {
      context.log(level, "connecting " + subdomain + " with key " + key);
    }
    if (region < 1 || region > 9) return fail(HSD_ERR_INVALID_ARGUMENT, "region must be 1 to 9");
    if (key.rfind("oddk_", 0) != 0 || key.size() < 21) {
      return fail(HSD_ERR_UNAUTHENTICATED, "the key " + key + " was refused by " + subdomain + ".odd.test");
    }
    context.set_output("{\"account_id\":" + json_string(subdomain + "-" + std::to_string(region)) +
                       ",\"account_name\":" + json_string(subdomain + ".odd.test") + ",\"auth_type\":\"api_key\"" +
                       ",\"credentials\":{\"api_key\":" + json_string(key) + ",\"region\":" + std::to_string(region) +
                       "},\"scopes_requested\":[],\"scopes_granted\":[]}");
    return {};
  }

  Status retrieve(Context& context) {
    auto credentials = context.credentials();
    if (!credentials) return credentials.failure();
    context.log(HSD_LOG_TRACE, "retrieving with credentials " + *credentials);
    int emitted = 0;
    for (const char* type : kObjectTypes) {
      for (int i = 1; i <= 3; ++i) {
        const std::string id = std::string(type) + "-" + std::to_string(i);
        const std::string data = "{\"id\":" + json_string(id) + ",\"name\":" + json_string("Odd " + id) + "," +
                                 details(type, i) + "}";
        if (auto status = context.emit(type, id, "Odd " + id, data); !status) return status;
        ++emitted;
      }
    }
    context.set_output("{\"objects\":" + std::to_string(emitted) + "}");
    return {};
  }
};

}  // namespace

HSD_DECLARE_PLUGIN(OddSource, "odd_source", "1.0.0", "source", "A test-only source with an unusual connect", kActions,
                   kObjectTypes, kManifest)
