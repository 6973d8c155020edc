#include "data_handlers.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>

#include "hubspot_errors.hpp"
#include "hsd/fakes/common/json_writer.hpp"
#include "portal_serializer.hpp"
#include "scopes.hpp"
#include "time_format.hpp"

namespace hsd::fakes::detail {
namespace {

constexpr int kMaxFlowLimit = 100;
constexpr int kMaxBatchInputs = 100;
constexpr int kDefaultFormLimit = 20;
// Above this, HubSpot's forms listing answers one page with no `paging` (Airbyte #19927).
constexpr int kFormsPagingCutoff = 50;

std::optional<Reply> require(const FakeState& state, const Caller& caller, const std::vector<std::string>& any_of) {
  if (has_any_scope(caller.scopes, any_of)) return std::nullopt;
  return missing_scopes(any_of, state.options.missing_scopes_shape);
}

bool flag_param(const Request& req, const std::string& name, bool fallback) {
  const auto v = req.param(name);
  if (!v) return fallback;
  return *v == "true";
}

std::optional<int> int_param(const std::string& text) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string results_page(const std::vector<const std::string*>& texts) {
  std::string out = "{\"results\":[";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i) out.push_back(',');
    out += *texts[i];
  }
  out += "]}";
  return out;
}

std::string results_page(const std::vector<ObjectText>& texts) {
  std::vector<const std::string*> ptrs;
  for (const auto& t : texts) ptrs.push_back(&t.json);
  return results_page(ptrs);
}

// Cursors are opaque to clients; these encode an offset in a form nobody should parse.
std::string encode_cursor(std::size_t offset) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, static_cast<unsigned long long>(offset) * 7 + 3, 36).ptr;
  return "Hs" + std::string(buf, end);
}

std::optional<std::size_t> decode_cursor(const std::string& cursor) {
  if (cursor.size() < 3 || cursor.rfind("Hs", 0) != 0) return std::nullopt;
  unsigned long long raw = 0;
  const auto [ptr, ec] = std::from_chars(cursor.data() + 2, cursor.data() + cursor.size(), raw, 36);
  if (ec != std::errc{} || ptr != cursor.data() + cursor.size() || raw < 3 || (raw - 3) % 7 != 0) return std::nullopt;
  return static_cast<std::size_t>((raw - 3) / 7);
}

std::string paged(const std::vector<const std::string*>& texts, const std::string& next_link,
                  const std::string& next_after) {
  std::string body = results_page(texts);
  if (next_after.empty()) return body;
  body.pop_back();  // the closing '}' of {"results":[...]}
  common::JsonWriter w;
  w.begin_object().key("next").begin_object().str("after", next_after).str("link", next_link).end_object().end_object();
  return body + ",\"paging\":" + w.take() + "}";
}

// GET /account-info/{v3,2026-03,2026-09}/details
Reply account_details(FakeState& state, const Request& req, const Caller*) {
  const auto& o = state.options;
  common::JsonWriter w;
  w.begin_object().num("portalId", static_cast<std::int64_t>(o.hub_id)).str("accountType", "STANDARD");
  w.str("timeZone", "Europe/Berlin").str("companyCurrency", "EUR").strings("additionalCurrencies", {"USD", "JPY"});
  w.str("utcOffset", "+01:00").num("utcOffsetMilliseconds", 3'600'000).str("uiDomain", "app.hubspot.com");
  w.str("dataHostingLocation", "na1");
  if (req.path.find("/2026-09/") != std::string::npos)
    w.str("portalName", o.portal_name).str("createdAt", "2019-04-01T08:30:00.000Z");
  w.end_object();
  return Reply::json(200, w.take());
}

SchemaFlags schema_flags(const Request& req) {
  return {flag_param(req, "includePropertyDefinitions", true), flag_param(req, "includeAssociationDefinitions", true),
          flag_param(req, "includeAuditMetadata", true)};
}

bool default_flags(const SchemaFlags& f) { return f.properties && f.associations && f.audit; }

// GET …/schemas: {results} with every custom object, not paged.
Reply schemas(FakeState& state, const Request& req, const Caller* caller) {
  if (auto denied = require(state, *caller, schema_scopes())) return *denied;
  const auto data = state.data();
  const bool archived = flag_param(req, "archived", false);
  const SchemaFlags flags = schema_flags(req);
  const auto& models = data->portal().schemas;
  std::vector<std::string> rebuilt;
  std::vector<const std::string*> texts;
  for (std::size_t i = 0; i < models.size(); ++i) {
    if (models[i].archived != archived) continue;
    if (default_flags(flags)) {
      texts.push_back(&data->schemas()[i].json);
    } else {
      rebuilt.push_back(schema_json(models[i], flags));
    }
  }
  for (const auto& r : rebuilt) texts.push_back(&r);
  return Reply::json(200, results_page(texts));
}

Reply schema_one(FakeState& state, const Request& req, const Caller* caller) {
  if (auto denied = require(state, *caller, schema_scopes())) return *denied;
  const auto data = state.data();
  const std::string& wanted = req.captures.at("objectType");
  const auto id = data->object_type_id(wanted);
  const SchemaFlags flags = schema_flags(req);
  const auto& models = data->portal().schemas;
  for (std::size_t i = 0; id && i < models.size(); ++i) {
    if (models[i].object_type_id != *id) continue;
    return Reply::json(200, default_flags(flags) ? data->schemas()[i].json : schema_json(models[i], flags));
  }
  return not_found("Unable to find object type " + wanted);
}

// GET …/properties/{objectType}: active non-sensitive by default; archived=true gives ONLY
// archived; dataSensitivity=sensitive|highly_sensitive gives only those, behind their scope.
Reply properties(FakeState& state, const Request& req, const Caller* caller) {
  const auto data = state.data();
  const std::string& object_type = req.captures.at("objectType");
  const auto type_id = data->object_type_id(object_type);
  const PropertySet* set = data->properties(object_type);
  if (!type_id || !set) return validation_error("Unable to infer object type from: " + object_type);
  if (auto denied = require(state, *caller, type_id->rfind("2-", 0) == 0 ? schema_scopes() : property_scopes(*type_id)))
    return *denied;
  const std::string sensitivity = req.param("dataSensitivity").value_or("non_sensitive");
  const bool archived = flag_param(req, "archived", false);
  const std::vector<ObjectText>* texts = nullptr;
  static const std::vector<ObjectText> kNone;
  if (sensitivity == "non_sensitive") {
    texts = archived ? &set->archived : &set->active;
  } else if (sensitivity == "sensitive" || sensitivity == "highly_sensitive") {
    if (auto denied = require(state, *caller, sensitive_property_scopes(*type_id, sensitivity))) return *denied;
    texts = archived ? &kNone : (sensitivity == "sensitive" ? &set->sensitive : &set->highly_sensitive);
  } else {
    return validation_error("Invalid dataSensitivity '" + sensitivity +
                            "': expected one of non_sensitive, sensitive, highly_sensitive");
  }
  return Reply::json(200, results_page(*texts));
}

// GET /automation/v4/flows?limit=&after=: cursor paging over the ApiFlowListing shape.
Reply flows(FakeState& state, const Request& req, const Caller* caller) {
  if (auto denied = require(state, *caller, flow_scopes())) return *denied;
  int limit = kMaxFlowLimit;
  if (const auto text = req.param("limit")) {
    const auto parsed = int_param(*text);
    if (!parsed || *parsed < 1 || *parsed > kMaxFlowLimit)
      return validation_error("limit must be between 1 and " + std::to_string(kMaxFlowLimit) + ", got '" + *text + "'");
    limit = *parsed;
  }
  std::size_t offset = 0;
  if (const auto after = req.param("after")) {
    const auto decoded = decode_cursor(*after);
    if (!decoded) return validation_error("Invalid paging cursor '" + *after + "'");
    offset = *decoded;
  }
  const auto data = state.data();
  const auto& all = data->flow_listings();
  std::vector<const std::string*> page;
  std::size_t i = offset;
  for (; i < all.size() && page.size() < static_cast<std::size_t>(limit); ++i) page.push_back(&all[i].json);
  std::string after, link;
  if (i < all.size()) {
    after = encode_cursor(i);
    link = state.base_url() + req.path + "?after=" + after + "&limit=" + std::to_string(limit);
  }
  return Reply::json(200, paged(page, link, after));
}

Reply flow_one(FakeState& state, const Request& req, const Caller* caller) {
  if (auto denied = require(state, *caller, flow_scopes())) return *denied;
  const auto data = state.data();
  const ObjectText* flow = data->flow(req.captures.at("flowId"));
  if (!flow) return not_found("Could not find flow " + req.captures.at("flowId"));
  return Reply::json(200, flow->json);
}

// POST /automation/v4/flows/batch/read {"inputs":[{"type":"FLOW_ID","flowId":"…"}]}:
// 200 COMPLETE, or 207 with errors/numErrors when some ids are unknown.
Reply flows_batch_read(FakeState& state, const Request& req, const Caller* caller) {
  if (auto denied = require(state, *caller, flow_scopes())) return *denied;
  Poco::JSON::Array::Ptr inputs;
  try {
    const auto root = Poco::JSON::Parser().parse(req.body).extract<Poco::JSON::Object::Ptr>();
    inputs = root ? root->getArray("inputs") : nullptr;
  } catch (const Poco::Exception& e) {
    return validation_error("Invalid input JSON: " + e.displayText());
  } catch (const std::exception& e) {
    return validation_error(std::string("Invalid input JSON: ") + e.what());
  }
  if (!inputs) return validation_error("Invalid input JSON: `inputs` is required");
  if (inputs->size() > static_cast<std::size_t>(kMaxBatchInputs))
    return validation_error("Too many inputs: " + std::to_string(inputs->size()) + " (the maximum is " +
                            std::to_string(kMaxBatchInputs) + ")");
  const auto data = state.data();
  std::vector<const std::string*> found;
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < inputs->size(); ++i) {
    const auto input = inputs->getObject(static_cast<unsigned>(i));
    if (!input || input->optValue<std::string>("type", "") != "FLOW_ID" || !input->has("flowId"))
      return validation_error("Each input needs {\"type\":\"FLOW_ID\",\"flowId\":\"...\"}");
    const std::string id = input->get("flowId").toString();
    if (const ObjectText* flow = data->flow(id))
      found.push_back(&flow->json);
    else
      missing.push_back(id);
  }
  const std::string now = iso8601(state.now());
  common::JsonWriter w;
  w.begin_object().str("status", "COMPLETE");
  w.key("results").begin_array();
  for (const auto* text : found) w.raw(*text);
  w.end_array();
  if (!missing.empty()) {
    w.num("numErrors", static_cast<std::int64_t>(missing.size()));
    w.key("errors").begin_array();
    for (const auto& id : missing) {
      w.begin_object().str("status", "error").str("category", "OBJECT_NOT_FOUND");
      w.str("message", "Could not find flow with id " + id);
      w.key("context").begin_object().strings("flowId", {id}).end_object();
      w.key("links").begin_object().end_object().str("id", id).end_object();
    }
    w.end_array();
  }
  w.str("requestedAt", now).str("startedAt", now).str("completedAt", now);
  w.key("links").begin_object().end_object().end_object();
  return Reply::json(missing.empty() ? 200 : 207, w.take());
}

// GET /marketing/v3/forms?limit=&after=&formTypes=&archived=
Reply forms(FakeState& state, const Request& req, const Caller* caller) {
  if (auto denied = require(state, *caller, form_scopes())) return *denied;
  int limit = kDefaultFormLimit;
  if (const auto text = req.param("limit")) {
    const auto parsed = int_param(*text);
    if (!parsed || *parsed < 1) return validation_error("limit must be a positive integer, got '" + *text + "'");
    limit = *parsed;
  }
  std::vector<std::string> types;
  for (const auto& value : req.params("formTypes")) {
    // Both formTypes=a&formTypes=b and formTypes=a,b occur in clients.
    std::size_t pos = 0;
    while (pos <= value.size()) {
      const auto comma = value.find(',', pos);
      std::string t = value.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      if (!t.empty()) types.push_back(t);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  static const std::vector<std::string> kKnown = {"hubspot", "captured", "flow", "blog_comment", "all"};
  for (const auto& t : types)
    if (std::find(kKnown.begin(), kKnown.end(), t) == kKnown.end())
      return validation_error("Unknown formTypes value '" + t + "'");
  if (types.empty()) types = {"hubspot"};
  const bool all_types = std::find(types.begin(), types.end(), "all") != types.end();
  const bool archived = flag_param(req, "archived", false);

  const auto data = state.data();
  std::vector<const std::string*> matching;
  for (const auto& f : data->forms()) {
    if (f.archived != archived) continue;
    if (!all_types && std::find(types.begin(), types.end(), f.form_type) == types.end()) continue;
    matching.push_back(&f.text.json);
  }
  std::size_t offset = 0;
  if (const auto after = req.param("after")) {
    const auto decoded = decode_cursor(*after);
    if (!decoded) return validation_error("Invalid paging cursor '" + *after + "'");
    offset = *decoded;
  }
  std::vector<const std::string*> page;
  std::size_t i = offset;
  for (; i < matching.size() && page.size() < static_cast<std::size_t>(limit); ++i) page.push_back(matching[i]);
  std::string after, link;
  if (i < matching.size() && limit <= kFormsPagingCutoff) {
    after = encode_cursor(i);
    // The link repeats the caller's query with the new cursor.
    Params q = req.query;
    q.erase("after");
    link = state.base_url() + req.path + "?after=" + after;
    for (const auto& [k, v] : q) link += "&" + common::url_encode(k) + "=" + common::url_encode(v);
  }
  return Reply::json(200, paged(page, link, after));
}

Reply form_one(FakeState& state, const Request& req, const Caller* caller) {
  if (auto denied = require(state, *caller, form_scopes())) return *denied;
  const auto data = state.data();
  const FormText* form = data->form(req.captures.at("formId"));
  if (!form) return not_found("Form " + req.captures.at("formId") + " does not exist");
  return Reply::json(200, form->text.json);
}

}  // namespace

void add_data_routes(Router& router) {
  for (const char* v : {"v3", "2026-03", "2026-09"})
    router.add("GET", std::string("/account-info/") + v + "/details", RouteKind::kData, account_details);
  for (const char* base : {"/crm-object-schemas/2026-03/schemas", "/crm-object-schemas/2026-09/schemas",
                           "/crm-object-schemas/v3/schemas", "/crm/v3/schemas"}) {
    router.add("GET", base, RouteKind::kData, schemas);
    router.add("GET", std::string(base) + "/{objectType}", RouteKind::kData, schema_one);
  }
  for (const char* base : {"/crm/properties/2026-03", "/crm/properties/2026-09", "/crm/v3/properties"})
    router.add("GET", std::string(base) + "/{objectType}", RouteKind::kData, properties);
  for (const char* base : {"/automation/v4/flows", "/automation/2026-09-beta/flows"}) {
    router.add("GET", base, RouteKind::kData, flows);
    router.add("POST", std::string(base) + "/batch/read", RouteKind::kData, flows_batch_read);
    router.add("GET", std::string(base) + "/{flowId}", RouteKind::kData, flow_one);
  }
  for (const char* base : {"/marketing/v3/forms", "/marketing/forms/2026-09-beta"}) {
    router.add("GET", base, RouteKind::kData, forms);
    router.add("GET", std::string(base) + "/{formId}", RouteKind::kData, form_one);
  }
}

}  // namespace hsd::fakes::detail
