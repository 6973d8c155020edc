// Configuration and observable state of the fake HubSpot server: what a test sets before
// start (portal size, seed, credentials, limits, clock) and what it reads back afterwards
// (request statistics, the objects a complete retrieval must produce).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace hsd::fakes {

/** How many objects of each kind the generated portal holds. */
struct PortalSizes {
  int custom_schemas = 3;
  int properties_per_schema = 6;
  int contact_properties = 60;  ///< active, non-sensitive
  int deal_properties = 40;     ///< active, non-sensitive
  int archived_properties = 4;  ///< per standard object, served only with archived=true
  int sensitive_properties = 3;  ///< per standard object, dataSensitivity=sensitive
  int highly_sensitive_properties = 2;  ///< per standard object, dataSensitivity=highly_sensitive
  int flows = 230;
  int forms = 140;           ///< all form types together (about 60% are `hubspot`)
  int archived_forms = 2;    ///< served only with archived=true, not part of expected_objects()
  int max_enum_options = 120;  ///< the largest enumeration; some properties get this many options

  static PortalSizes small();   ///< the defaults above
  static PortalSizes medium();
  static PortalSizes large();   ///< 40 schemas, 3000 contact / 1500 deal properties, 3000 flows, 1500 forms
};

/** Where a 403 MISSING_SCOPES body lists the scopes (HubSpot has used all three). */
enum class MissingScopesShape {
  kGranular,  ///< errors[0].context.requiredGranularScopes (current HubSpot)
  kLegacy,    ///< top-level context.requiredScopes (older APIs)
  kSpec,      ///< errors[0].context.missingScopes (the OpenAPI spec's example)
};

/** The clock every expiry and rate-limit decision reads. Tests inject a ManualClock. */
using Clock = std::function<std::chrono::system_clock::time_point()>;

/** A clock that moves only when told to: token expiry and rate windows without sleeping. */
class ManualClock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point start =
                           std::chrono::system_clock::time_point{std::chrono::seconds{1'780'000'000}});
  std::chrono::system_clock::time_point now() const;
  void advance(std::chrono::milliseconds by);
  /** A Clock that reads this object; the ManualClock must outlive the server using it. */
  Clock as_clock() const;

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point now_;
};

/** Which portal the seed builds. */
enum class PortalVariant {
  kDefault,  ///< the portal every other test and benchmark reads (its bytes never change)
  /// The default portal as another account would hold it, with known differences planted:
  /// other ids, hub id (give it another FakeHubSpotOptions::hub_id), times and users, keyed
  /// arrays reordered (none of which counts as a difference), plus the PlantedDifference list.
  kStaging,
};

/** One difference the staging variant planted, relative to the default portal of the same
 *  seed, sizes and revision (left: default, right: staging). Every planted object is one a
 *  retrieval with the default scopes sees (active, non-sensitive properties; forms not archived). */
struct PlantedDifference {
  enum class Kind { kAdded, kRemoved, kChanged, kAmbiguous };
  std::string type;  ///< custom_object_schemas | contact_properties | deal_properties | workflows | forms
  std::string key;   ///< the natural key's value (every type's key is its /name)
  Kind kind = Kind::kChanged;
  /// kChanged only: JSON pointers on the normalised documents (keyed arrays ordered by key).
  /// Every change lies at or below one of them and each of them holds at least one change.
  std::vector<std::string> paths;
};

/** "added" | "removed" | "changed" | "ambiguous". */
const char* planted_kind_name(PlantedDifference::Kind kind);

/** The scopes a full HubSpot product set grants (no sensitive-data scopes). */
std::vector<std::string> default_granted_scopes();

struct FakeHubSpotOptions {
  std::uint64_t seed = 42;
  PortalSizes sizes;
  PortalVariant portal_variant = PortalVariant::kDefault;
  /// This share (0-100) of the served objects changed, picked by the seed, on top of the
  /// variant: a description (a form's submit text) gains " (changed)". Each is listed by
  /// planted_differences() as kChanged, so two fakes of one seed differ in exactly these.
  double change_percent = 0.0;

  std::string client_id = "hsd-fake-client-id";
  std::string client_secret = "hsd-fake-client-secret";
  /// Redirect URIs the app is configured with; empty accepts any http(s) URI.
  std::vector<std::string> redirect_uris;

  std::chrono::seconds access_token_lifetime{1800};
  std::chrono::seconds auth_code_lifetime{600};
  /// true: every refresh answers a new refresh token and kills the old one.
  bool rotate_refresh_tokens = false;
  /// true: the consent page answers ?error=access_denied instead of a code.
  bool deny_authorization = false;
  /// true: a required scope the portal cannot grant fails the install (a 400 page), as HubSpot
  /// does; false: it is dropped, so the token lacks it and data calls get MISSING_SCOPES.
  bool strict_required_scopes = false;

  /// Requests per rolling window, per portal for OAuth and per token for private apps; 0 = off.
  int rate_limit = 110;
  std::chrono::milliseconds rate_window{10'000};
  /// Private-app requests per day (shown in the Daily headers); 0 = unlimited, no Daily headers.
  long daily_limit = 250'000;
  /// Every API and OAuth request is answered after this long (a distant API, for bench/scale);
  /// control endpoints (/__fake/...) are not delayed.
  std::chrono::milliseconds latency{0};

  std::uint64_t hub_id = 62515;
  std::string hub_domain = "hsd-fake-portal.example.com";
  std::string portal_name = "HSD Fake Portal \xF0\x9F\xA7\xAA";  // with an emoji, as real names can
  std::uint64_t user_id = 4242;
  std::string user_email = "installer@example.com";
  std::uint64_t app_id = 777001;

  /// What the portal can grant; sensitive scopes such as
  /// crm.objects.contacts.sensitive.read.v2 are opt-in.
  std::vector<std::string> granted_scopes = default_granted_scopes();
  /// Private app tokens (`pat-na1-...`) the portal accepts, each with its scopes.
  std::map<std::string, std::vector<std::string>> private_app_tokens;

  MissingScopesShape missing_scopes_shape = MissingScopesShape::kGranular;

  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0 = ephemeral; FakeHubSpot::port() tells which
  int max_threads = 16;

  Clock clock;  ///< empty = std::chrono::system_clock::now
};

/** One object a complete retrieval must produce, with the exact bytes HubSpot sent. */
struct ExpectedObject {
  std::string type;  ///< custom_object_schemas | contact_properties | deal_properties | workflows | forms
  std::string id;    ///< schema id, property name, flow id, form id
  std::string name;  ///< schema name, property label, flow name, form name
  std::string json;  ///< exact JSON text; for workflows the full flow as batch read returns it
};

/** Counters a test asserts on ("no 429", "nothing sent with an expired token"). */
struct FakeStats {
  std::uint64_t total = 0;                   ///< every request except /__fake/ control calls
  std::uint64_t rate_limited = 0;            ///< 429 answers (either policy)
  std::uint64_t expired_token_requests = 0;  ///< bearer tokens past their lifetime
  std::uint64_t unauthenticated = 0;         ///< 401 answers of any kind
  std::uint64_t faults_injected = 0;
  std::map<std::string, std::uint64_t> by_path;  ///< path without query
  std::map<int, std::uint64_t> by_status;        ///< 0 = connection reset, no status
};

/** What an injected fault does to the request that triggers it. */
enum class FaultKind {
  kStatus,     ///< answer `status` (5xx: an HTML gateway page, 500: a JSON error)
  kReset,      ///< close the connection without answering
  kSlow,       ///< wait `delay` first, then answer normally
  kMalformed,  ///< 200 with the real body cut in half
};

struct Fault {
  std::string path_prefix;  ///< matches request paths starting with this
  FaultKind kind = FaultKind::kStatus;
  int count = 1;            ///< how many matching requests it affects
  int status = 503;         ///< for kStatus
  std::chrono::milliseconds delay{0};  ///< for kSlow
};

}  // namespace hsd::fakes
