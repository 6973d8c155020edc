#include "raw_json.hpp"

namespace hsd::plugins::hubspot {
namespace {

using hsd::sdk::Failure;

Failure malformed(std::string_view endpoint, std::string_view why) {
  Failure failure;
  failure.status = HSD_ERR_UNAVAILABLE;
  failure.code = "MALFORMED_RESPONSE";
  failure.retryable = true;
  failure.message = "HubSpot sent a malformed response for " + std::string(endpoint) + ": " + std::string(why);
  return failure;
}

bool json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// One DOM parser per thread: validation of a slice allocates nothing after warm-up.
simdjson::dom::parser& dom_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

bool valid_object(std::string_view raw) {
  simdjson::dom::element element;
  if (dom_parser().parse(raw.data(), raw.size(), true).get(element)) return false;
  return element.is_object();
}

// Collects each element of an array as exact bytes. on-demand's raw_json() on an element
// ends where the next token starts, so trailing whitespace is trimmed.
simdjson::error_code slice_elements(simdjson::ondemand::array array, std::vector<std::string_view>& out) {
  for (auto element : array) {
    simdjson::ondemand::value value;
    if (auto error = element.get(value)) return error;
    simdjson::ondemand::json_type type;
    if (auto error = value.type().get(type)) return error;
    std::string_view raw;
    if (type == simdjson::ondemand::json_type::object) {
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      if (auto error = object.raw_json().get(raw)) return error;
    } else if (type == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array inner;
      if (auto error = value.get_array().get(inner)) return error;
      if (auto error = inner.raw_json().get(raw)) return error;
    } else {
      raw = value.raw_json_token();
    }
    out.push_back(trim_json_whitespace(raw));
  }
  return simdjson::SUCCESS;
}

}  // namespace

std::string_view trim_json_whitespace(std::string_view text) {
  while (!text.empty() && json_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && json_space(text.back())) text.remove_suffix(1);
  return text;
}

hsd::sdk::Result<ResultsPage> parse_results_page(std::string_view body, std::string_view endpoint) {
  ResultsPage page;
  page.buffer = simdjson::padded_string(body);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (parser.iterate(page.buffer).get(doc)) return malformed(endpoint, "the body is not JSON");
  simdjson::ondemand::object root;
  if (doc.get_object().get(root)) return malformed(endpoint, "the body is not a JSON object");

  // Fields may come in any order; find_field_unordered rewinds when needed.
  simdjson::ondemand::array results;
  if (auto error = root.find_field_unordered("results").get_array().get(results)) {
    return malformed(endpoint, error == simdjson::NO_SUCH_FIELD ? "it has no \"results\" array"
                                                                : "\"results\" is not an array");
  }
  if (auto error = slice_elements(results, page.results)) {
    return malformed(endpoint, std::string("\"results\" is broken (") + simdjson::error_message(error) + ")");
  }

  simdjson::ondemand::array errors;
  auto errors_error = root.find_field_unordered("errors").get_array().get(errors);
  if (!errors_error) {
    if (slice_elements(errors, page.errors)) return malformed(endpoint, "\"errors\" is broken");
  } else if (errors_error != simdjson::NO_SUCH_FIELD && errors_error != simdjson::INCORRECT_TYPE) {
    return malformed(endpoint, "the body is not valid JSON");
  }

  simdjson::ondemand::object paging;
  auto paging_error = root.find_field_unordered("paging").get_object().get(paging);
  if (!paging_error) {
    simdjson::ondemand::object next;
    if (!paging.find_field_unordered("next").get_object().get(next)) {
      simdjson::ondemand::value after;
      if (!next.find_field_unordered("after").get(after)) {
        std::string_view text;
        if (!after.get_string().get(text)) {
          if (!text.empty()) page.next_after = std::string(text);
        } else {
          // A numeric cursor is still a cursor: keep its text.
          const auto token = trim_json_whitespace(after.raw_json_token());
          if (!token.empty() && token != "null") page.next_after = std::string(token);
        }
      }
    }
  } else if (paging_error != simdjson::NO_SUCH_FIELD && paging_error != simdjson::INCORRECT_TYPE) {
    return malformed(endpoint, "the body is not valid JSON");
  }

  // on-demand skips what it does not read; the DOM parser checks every result in full.
  for (const auto& raw : page.results) {
    if (!valid_object(raw)) return malformed(endpoint, "a result is not a valid JSON object");
  }
  return page;
}

std::optional<ObjectFields> read_object_fields(std::string_view raw, std::string_view id_key,
                                               const std::vector<std::string_view>& name_keys) {
  simdjson::dom::element element;
  if (dom_parser().parse(raw.data(), raw.size(), true).get(element)) return std::nullopt;
  simdjson::dom::object object;
  if (element.get_object().get(object)) return std::nullopt;
  ObjectFields fields;
  simdjson::dom::element id;
  if (object.at_key(id_key).get(id)) return std::nullopt;
  if (id.is_string()) {
    fields.id = std::string(id.get_string().value_unsafe());
  } else if (id.is_int64()) {
    fields.id = std::to_string(id.get_int64().value_unsafe());
  } else if (id.is_uint64()) {
    fields.id = std::to_string(id.get_uint64().value_unsafe());
  } else {
    return std::nullopt;
  }
  if (fields.id.empty()) return std::nullopt;
  for (const auto& key : name_keys) {
    simdjson::dom::element name;
    const auto error = !key.empty() && key.front() == '/' ? element.at_pointer(key).get(name)
                                                           : object.at_key(key).get(name);
    if (error || !name.is_string()) continue;
    const std::string_view text = name.get_string().value_unsafe();
    if (!text.empty()) {
      fields.name = std::string(text);
      break;
    }
  }
  return fields;
}

}  // namespace hsd::plugins::hubspot
