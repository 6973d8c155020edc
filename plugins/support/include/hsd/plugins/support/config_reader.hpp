// Reading a plugin's configuration block (connectors.<plugin> of engine.yaml, handed to
// create() as JSON): typed keys whose failures name the full key, so that an operator finds
// the line to fix. Each plugin keeps its own keys and its stricter checks (URLs, credentials,
// endpoint paths); what every plugin reads the same way lives here.
#pragma once

#include <hsd/sdk.hpp>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::support {

class ConfigReader {
 public:
  using Var = Poco::Dynamic::Var;
  /** Reads one key's value (already looked up) into the configuration. */
  using KeyReader = std::function<hsd::sdk::Status(const Var& value, const std::string& key)>;
  /** Whether a scope name is acceptable to the provider. */
  using ScopeCheck = std::function<bool(const std::string& scope)>;

  /** block: where the block sits in engine.yaml, e.g. "connectors.hubspot". */
  explicit ConfigReader(std::string block) : block_(std::move(block)) {}

  /**
   * The block's object. Blank text (the block is absent) gives nullptr: every key keeps its
   * default. Anything but a JSON object fails ("... must be a mapping").
   */
  hsd::sdk::Result<Poco::JSON::Object::Ptr> parse_block(std::string_view json) const;

  /** Hands each key of block to its reader; a key without one fails with "is not a known key"
   * followed by known_hint (e.g. " (known: a, b)"). */
  hsd::sdk::Status read_keys(const Poco::JSON::Object::Ptr& block, const std::map<std::string, KeyReader>& readers,
                             const std::string& known_hint = "") const;

  /** "invalid plugin configuration: <block>.<key> <why>". */
  hsd::sdk::Failure bad(const std::string& key, const std::string& why) const;

  // A YAML key written without a value arrives as null: the readers below keep the default.
  hsd::sdk::Status read_string(const Var& value, const std::string& key, std::string& out) const;
  /** An integer within [min, max]. */
  hsd::sdk::Status read_int(const Var& value, const std::string& key, int min, int max, int& out) const;
  /**
   * Scopes come as a list, or (from an HSD_CONNECTORS_<PLUGIN>_SCOPES override) as one string
   * of space-, tab- or comma-separated names. A listed name that fails valid is refused.
   */
  hsd::sdk::Status read_scopes(const Var& value, const std::string& key, std::vector<std::string>& out,
                               const ScopeCheck& valid) const;

 private:
  std::string block_;
};

}  // namespace hsd::plugins::support
