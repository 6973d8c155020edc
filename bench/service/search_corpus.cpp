#include "search_corpus.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

namespace hsd::bench {
namespace {

// splitmix64: small, fast and the same on every platform, so a seed names one corpus.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

 private:
  std::uint64_t state_;
};

// Words of real HubSpot property names and labels (lifecyclestage, hs_lead_status,
// annualrevenue, hubspot_owner_id, closedate, dealstage, ...).
constexpr std::array<std::string_view, 96> kWords = {
    "lead", "status", "lifecycle", "stage", "deal", "amount", "close", "date", "owner",
    "revenue", "annual", "employees", "industry", "country", "city", "phone", "email",
    "marketing", "campaign", "source", "original", "latest", "score", "renewal", "contract",
    "region", "partner", "tier", "budget", "product", "interest", "webinar", "event", "trial",
    "signup", "churn", "risk", "segment", "persona", "territory", "billing", "plan", "seats",
    "discount", "quote", "forecast", "pipeline", "probability", "priority", "language",
    "timezone", "consent", "subscription", "notes", "last", "activity", "meeting", "call",
    "sequence", "enrolled", "nps", "survey", "referral", "account", "manager", "onboarding",
    "health", "usage", "license", "invoice", "payment", "shipping", "warehouse", "sku",
    "vertical", "job", "title", "department", "linkedin", "website", "domain", "zip", "state",
    "first", "conversion", "visit", "page", "views", "analytics", "engagement", "opportunity",
    "customer", "success", "support", "ticket", "type"};
constexpr std::array<std::string_view, 6> kPrefixes = {"hs_", "", "", "acme_", "", "sf_"};
constexpr std::array<std::string_view, 8> kTeams = {"Marketing", "Sales", "CS", "Ops",
                                                    "RevOps", "Partners", "Support", "HR"};
constexpr std::array<std::string_view, 12> kActions = {
    "Nurture", "Assign", "Notify owner of", "Score", "Re-engage", "Onboard", "Route",
    "Follow up with", "Enrich", "Sync", "Welcome", "Escalate"};
constexpr std::array<std::string_view, 16> kTopics = {
    "Webinar Attendees", "Trial Signups", "Demo Requests", "Inbound Leads", "Churn Risk Accounts",
    "Renewals", "Event Registrants", "Newsletter Subscribers", "Partner Referrals", "MQLs",
    "Closed Won Deals", "Stalled Deals", "Support Tickets", "Ebook Downloads",
    "Pricing Page Visitors", "Customer Health Alerts"};
constexpr std::array<std::string_view, 7> kRegions = {"EMEA", "NA", "APAC", "LATAM", "DACH",
                                                      "UK&I", "Nordics"};
constexpr std::array<std::string_view, 10> kFormKinds = {
    "Contact Us", "Demo Request", "Newsletter Signup", "Webinar Registration", "Ebook Download",
    "Free Trial", "Event RSVP", "Partner Application", "Support Request", "Feedback Survey"};
constexpr std::array<std::string_view, 10> kPages = {
    "Pricing Page", "Homepage", "Blog", "Product Tour", "Careers", "Landing Page",
    "Case Studies", "Integrations", "Docs", "Checkout"};
constexpr std::array<std::string_view, 12> kObjects = {
    "vehicles", "subscriptions", "projects", "locations", "licenses", "shipments",
    "assets", "contracts", "courses", "policies", "pets", "properties"};
constexpr std::array<std::string_view, 8> kFieldTypes = {"text", "textarea", "select", "radio",
                                                         "checkbox", "date", "number", "booleancheckbox"};

std::string title_case(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string hex(Rng& rng, int digits) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < digits; ++i) out += kHex[rng.below(16)];
  return out;
}

// The ids of one type must be unique; a clash takes a numeric suffix, as HubSpot's UI does.
std::string unique(std::set<std::string>& taken, std::string id) {
  std::string candidate = id;
  for (int i = 2; !taken.insert(candidate).second; ++i) candidate = id + "_" + std::to_string(i);
  return candidate;
}

CorpusObject property(Rng& rng, std::string_view type, std::string_view object, std::set<std::string>& taken) {
  const std::size_t words = 2 + rng.below(2);
  std::string name(rng.pick(kPrefixes));
  std::string label;
  for (std::size_t i = 0; i < words; ++i) {
    const std::string_view w = rng.pick(kWords);
    name += (i ? "_" : "") + std::string(w);
    label += (i ? " " : "") + title_case(w);
  }
  name = unique(taken, name);
  const std::string_view field_type = rng.pick(kFieldTypes);
  std::string data = "{\"updatedAt\":\"2024-0" + std::to_string(1 + rng.below(9)) + "-1" +
                     std::to_string(rng.below(10)) + "T10:2" + std::to_string(rng.below(10)) +
                     ":00.000Z\",\"createdAt\":\"2021-03-04T08:00:00.000Z\",\"name\":" + json_string(name) +
                     ",\"label\":" + json_string(label) + ",\"type\":\"" +
                     (field_type == "number" ? "number" : field_type == "date" ? "date" : "string") +
                     "\",\"fieldType\":\"" + std::string(field_type) + "\",\"description\":" +
                     json_string("The " + label + " of the " + std::string(object)) +
                     ",\"groupName\":\"" + std::string(object) + "information\",\"options\":[";
  if (field_type == "select" || field_type == "radio" || field_type == "checkbox") {
    const std::size_t options = 2 + rng.below(10);
    for (std::size_t i = 0; i < options; ++i) {
      const std::string value = std::string(rng.pick(kWords)) + "_" + std::to_string(i);
      data += (i ? "," : "") + std::string("{\"label\":") + json_string(title_case(value)) +
              ",\"value\":" + json_string(value) + ",\"displayOrder\":" + std::to_string(i) +
              ",\"hidden\":false}";
    }
  }
  data += "],\"displayOrder\":-1,\"calculated\":false,\"externalOptions\":false,\"hasUniqueValue\":false,"
          "\"hidden\":false,\"hubspotDefined\":" + std::string(name.rfind("hs_", 0) == 0 ? "true" : "false") +
          ",\"modificationMetadata\":{\"archivable\":true,\"readOnlyDefinition\":false,\"readOnlyValue\":false},"
          "\"formField\":true,\"dataSensitivity\":\"non_sensitive\"}";
  return {std::string(type), name, label, data};
}

CorpusObject workflow(Rng& rng, std::set<std::string>& taken) {
  const std::string id = unique(taken, std::to_string(500000000 + rng.below(99999999)));
  std::string name = std::string(rng.pick(kTeams)) + " - " + std::string(rng.pick(kActions)) + " " +
                     std::string(rng.pick(kTopics));
  if (rng.chance(50)) name += " " + std::string(rng.pick(kRegions));
  if (rng.chance(30)) name += " " + std::to_string(2021 + rng.below(5));
  std::string data = "{\"id\":" + json_string(id) + ",\"isEnabled\":" + (rng.chance(70) ? "true" : "false") +
                     ",\"flowType\":\"WORKFLOW\",\"revisionId\":\"" + std::to_string(1 + rng.below(40)) +
                     "\",\"name\":" + json_string(name) +
                     ",\"createdAt\":\"2023-05-02T11:00:00.000Z\",\"updatedAt\":\"2024-06-1" +
                     std::to_string(rng.below(10)) + "T09:00:00.000Z\",\"startActionId\":\"1\",\"nextAvailableActionId\":\"" +
                     std::to_string(4 + rng.below(10)) + "\",\"actions\":[";
  const std::size_t actions = 1 + rng.below(8);
  for (std::size_t i = 0; i < actions; ++i) {
    data += (i ? "," : "") + std::string("{\"type\":\"SINGLE_CONNECTION\",\"actionId\":\"") +
            std::to_string(i + 1) + "\",\"actionTypeVersion\":0,\"actionTypeId\":\"0-" +
            std::to_string(1 + rng.below(20)) + "\",\"fields\":{\"property_name\":\"" +
            std::string(rng.pick(kWords)) + "\",\"value\":{\"staticValue\":\"" + hex(rng, 6) + "\",\"type\":\"STATIC_VALUE\"}}}";
  }
  data += "],\"enrollmentCriteria\":{\"shouldReEnroll\":false,\"type\":\"LIST_BASED\"},\"objectTypeId\":\"0-1\","
          "\"canEnrollFromSalesforce\":false,\"type\":\"CONTACT_FLOW\"}";
  return {"workflows", id, name, data};
}

CorpusObject form(Rng& rng, std::set<std::string>& taken) {
  const std::string id =
      unique(taken, hex(rng, 8) + "-" + hex(rng, 4) + "-" + hex(rng, 4) + "-" + hex(rng, 4) + "-" + hex(rng, 12));
  std::string name = std::string(rng.pick(kPages)) + " " + std::string(rng.pick(kFormKinds));
  if (rng.chance(40)) name += " (" + std::string(rng.pick(kRegions)) + ")";
  std::string data = "{\"id\":" + json_string(id) + ",\"name\":" + json_string(name) +
                     ",\"createdAt\":\"2022-11-08T15:00:00.000Z\",\"updatedAt\":\"2024-02-2" +
                     std::to_string(rng.below(10)) + "T12:00:00.000Z\",\"archived\":false,\"formType\":\"hubspot\","
                     "\"fieldGroups\":[{\"groupType\":\"default_group\",\"richTextType\":\"text\",\"fields\":[";
  const std::size_t fields = 2 + rng.below(6);
  for (std::size_t i = 0; i < fields; ++i) {
    const std::string field = std::string(rng.pick(kWords)) + "_" + std::string(rng.pick(kWords));
    data += (i ? "," : "") + std::string("{\"objectTypeId\":\"0-1\",\"name\":") + json_string(field) +
            ",\"label\":" + json_string(title_case(field)) + ",\"required\":" + (rng.chance(30) ? "true" : "false") +
            ",\"hidden\":false,\"fieldType\":\"single_line_text\"}";
  }
  data += "]}],\"configuration\":{\"language\":\"en\",\"cloneable\":true,\"postSubmitAction\":{\"type\":"
          "\"thank_you\",\"value\":\"Thanks for submitting the form.\"}}}";
  return {"forms", id, name, data};
}

CorpusObject schema(Rng& rng, std::set<std::string>& taken, std::size_t index) {
  const std::string_view object = kObjects[index % kObjects.size()];
  const std::string id = unique(taken, "2-" + std::to_string(1000000 + rng.below(8999999)));
  std::string name(object);
  if (index >= kObjects.size()) name += "_" + std::to_string(index / kObjects.size());
  std::string label = title_case(name);
  std::string data = "{\"id\":" + json_string(id) + ",\"name\":" + json_string(name) +
                     ",\"labels\":{\"singular\":" + json_string(label) + ",\"plural\":" + json_string(label + "s") +
                     "},\"objectTypeId\":" + json_string(id) + ",\"primaryDisplayProperty\":\"" + name +
                     "_name\",\"requiredProperties\":[\"" + name + "_name\"],\"properties\":[";
  const std::size_t properties = 3 + rng.below(8);
  for (std::size_t i = 0; i < properties; ++i) {
    data += (i ? "," : "") + std::string("{\"name\":\"") + name + "_" + std::string(rng.pick(kWords)) +
            "\",\"type\":\"string\",\"fieldType\":\"text\"}";
  }
  data += "],\"associations\":[],\"archived\":false}";
  return {"custom_object_schemas", id, name, data};
}

}  // namespace

std::vector<CorpusObject> make_corpus(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  // A large portal's mix: properties dominate, then workflows and forms, a few schemas.
  const std::size_t schemas = std::max<std::size_t>(1, n * 3 / 100);
  const std::size_t contact = n * 40 / 100;
  const std::size_t deal = n * 20 / 100;
  const std::size_t forms = n * 12 / 100;
  const std::size_t flows = n - schemas - contact - deal - forms;
  std::vector<CorpusObject> out;
  out.reserve(n);
  std::set<std::string> taken_contact, taken_deal, taken_flows, taken_forms, taken_schemas;
  for (std::size_t i = 0; i < contact; ++i) out.push_back(property(rng, "contact_properties", "contact", taken_contact));
  for (std::size_t i = 0; i < deal; ++i) out.push_back(property(rng, "deal_properties", "deal", taken_deal));
  for (std::size_t i = 0; i < flows; ++i) out.push_back(workflow(rng, taken_flows));
  for (std::size_t i = 0; i < forms; ++i) out.push_back(form(rng, taken_forms));
  for (std::size_t i = 0; i < schemas; ++i) out.push_back(schema(rng, taken_schemas, i));
  std::sort(out.begin(), out.end(), [](const CorpusObject& a, const CorpusObject& b) {
    return a.type != b.type ? a.type < b.type : a.id < b.id;
  });
  return out;
}

}  // namespace hsd::bench
