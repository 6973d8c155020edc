// One immutable revision of the portal: the structs plus every object serialised exactly once.
// Pages are concatenations of these texts, so a client storing raw bytes can be compared with
// expected objects byte for byte. A change of portal builds a new PortalData and swaps it in.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hsd/fakes/fake_hubspot_options.hpp"
#include "portal_model.hpp"

namespace hsd::fakes::detail {

struct ObjectText {
  std::string id;
  std::string name;
  std::string json;
};

/** The properties of one object type, split the way the API filters them. */
struct PropertySet {
  std::string sensitive_scope_object;  // "contacts", "deals", or empty for custom objects
  std::vector<ObjectText> active;      // non-sensitive, not archived
  std::vector<ObjectText> archived;
  std::vector<ObjectText> sensitive;
  std::vector<ObjectText> highly_sensitive;
};

struct FormText {
  std::string form_type;
  bool archived = false;
  ObjectText text;
};

class PortalData {
 public:
  static std::shared_ptr<const PortalData> build(std::uint64_t seed, const PortalSizes& sizes,
                                                 std::uint64_t hub_id, int revision,
                                                 PortalVariant variant = PortalVariant::kDefault,
                                                 double change_percent = 0.0);

  int revision() const { return portal_.revision; }
  const Portal& portal() const { return portal_; }
  /** What the variant planted against the default portal (empty for the default). */
  const std::vector<PlantedDifference>& planted() const { return planted_; }

  const std::vector<ObjectText>& schemas() const { return schemas_; }  // default include flags
  /** contacts/contact/0-1, deals/deal/0-3, or a custom object's name, FQN or objectTypeId. */
  const PropertySet* properties(const std::string& object_type) const;
  /** The objectTypeId `object_type` names, if any. */
  std::optional<std::string> object_type_id(const std::string& object_type) const;

  const std::vector<ObjectText>& flow_listings() const { return flow_listings_; }
  /** The full flow text, or nullptr for an unknown id. */
  const ObjectText* flow(const std::string& id) const;
  const std::vector<FormText>& forms() const { return forms_; }
  const FormText* form(const std::string& id) const;

  /** Every object a client holding `scopes` can retrieve (see FakeHubSpot::expected_objects). */
  std::vector<ExpectedObject> expected(const std::vector<std::string>& scopes) const;

 private:
  Portal portal_;
  std::vector<PlantedDifference> planted_;
  std::vector<ObjectText> schemas_;
  std::map<std::string, PropertySet> properties_;  // by objectTypeId
  std::vector<ObjectText> flow_listings_;
  std::vector<ObjectText> flows_full_;
  std::map<std::string, std::size_t> flow_index_;
  std::vector<FormText> forms_;
  std::map<std::string, std::size_t> form_index_;
};

}  // namespace hsd::fakes::detail
