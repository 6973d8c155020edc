// Exact slicing of HubSpot list responses. Objects are stored byte for byte as HubSpot sent
// them, so nothing here re-serialises: simdjson's on-demand parser hands back each element's
// raw text (a view into the page buffer), and each slice is then validated on its own with
// the DOM parser, which also reads the id and name fields.
#pragma once

#include <hsd/sdk.hpp>

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::hubspot {

/** A list response: {"results": [...], "paging": {"next": {"after": ...}}, "errors": [...]}. */
struct ResultsPage {
  simdjson::padded_string buffer;         // owns the bytes every view below points into
  std::vector<std::string_view> results;  // exact bytes of each element of "results"
  std::vector<std::string_view> errors;   // exact bytes of each element of "errors" (207)
  std::optional<std::string> next_after;  // paging.next.after, when present and not empty
  uint32_t http_status = 200;             // set by the fetcher: 207 means partial errors
};

/**
 * Parses a list response. A body that is not JSON, has no "results" array, or holds a
 * result that is not a valid JSON object is a failure (status HSD_ERR_UNAVAILABLE, code
 * MALFORMED_RESPONSE, retryable) naming endpoint.
 */
hsd::sdk::Result<ResultsPage> parse_results_page(std::string_view body, std::string_view endpoint);

/** The id and display name read from one object's raw JSON. */
struct ObjectFields {
  std::string id;
  std::string name;
};

/**
 * Reads id_key (a string, or an integer rendered in decimal) and the first of name_keys that
 * is a non-empty string; a name key may be a JSON pointer such as "/labels/singular".
 * nullopt when raw is not a valid object or the id is missing.
 */
std::optional<ObjectFields> read_object_fields(std::string_view raw, std::string_view id_key,
                                               const std::vector<std::string_view>& name_keys);

/** Removes JSON whitespace at both ends. */
std::string_view trim_json_whitespace(std::string_view text);

}  // namespace hsd::plugins::hubspot
