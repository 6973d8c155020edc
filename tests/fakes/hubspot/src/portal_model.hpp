// The generated portal as plain structs: what the generator builds and mutates, and what the
// serialiser turns into HubSpot's JSON. Times are epoch milliseconds.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hsd::fakes::detail {

struct PropertyOption {
  std::string label;
  std::string value;
  std::string description;
  int display_order = 0;
  bool hidden = false;
};

struct Property {
  std::string name;
  std::string label;
  std::string type;        // string | number | date | datetime | enumeration | bool
  std::string field_type;  // text | textarea | number | select | checkbox | radio | ...
  std::string group_name;
  std::string description;
  std::vector<PropertyOption> options;
  int display_order = 0;
  bool hidden = false;
  bool form_field = true;
  bool has_unique_value = false;
  bool hubspot_defined = false;
  std::string data_sensitivity = "non_sensitive";  // | sensitive | highly_sensitive
  bool archived = false;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::int64_t archived_ms = 0;
  std::string created_user_id;
  std::string updated_user_id;
};

struct Association {
  std::string id;
  std::string from_object_type_id;
  std::string to_object_type_id;
  std::string name;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

struct Schema {
  std::string id;
  std::string object_type_id;  // 2-<id>
  std::string name;
  std::string fully_qualified_name;  // p<hub>_<name>
  std::string singular;
  std::string plural;
  std::string description;
  std::string primary_display_property;
  std::vector<std::string> secondary_display_properties;
  std::vector<std::string> searchable_properties;
  std::vector<std::string> required_properties;
  std::vector<Property> properties;
  std::vector<Association> associations;
  bool archived = false;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::int64_t created_by_user_id = 0;
  std::int64_t updated_by_user_id = 0;
};

struct FlowAction {
  std::string action_id;
  std::string action_type_id;  // 0-1 delay, 0-4 email, 0-5 set property, 0-3 task, ...
  std::string next_action_id;  // empty = last action
  std::vector<std::pair<std::string, std::string>> fields;  // name -> raw JSON value
};

struct Flow {
  std::string id;
  std::string uuid;
  std::string name;
  std::string description;
  bool enabled = false;
  std::string flow_type = "WORKFLOW";  // WORKFLOW | ACTION_SET
  std::string type;                    // CONTACT_FLOW | PLATFORM_FLOW
  std::string object_type_id;
  int revision = 1;
  std::vector<FlowAction> actions;
  std::vector<std::string> suppression_list_ids;
  std::string enrollment_property;  // the property its enrollment filter reads
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

struct FormField {
  std::string object_type_id;
  std::string name;
  std::string label;
  std::string field_type;  // email | single_line_text | multi_line_text | dropdown | ...
  bool required = false;
  bool hidden = false;
  std::vector<std::pair<std::string, std::string>> options;  // label, value
};

struct Form {
  std::string id;
  std::string name;
  std::string form_type;  // hubspot | captured | flow | blog_comment
  bool archived = false;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::int64_t archived_ms = 0;
  std::vector<std::vector<FormField>> field_groups;
  std::string language = "en";
  std::string post_submit_type = "thank_you";  // | redirect_url
  std::string post_submit_value;
  std::string submit_text = "Submit";
};

struct Portal {
  int revision = 0;
  std::vector<Schema> schemas;
  std::vector<Property> contact_properties;  // active, archived and sensitive together
  std::vector<Property> deal_properties;
  std::vector<Flow> flows;
  std::vector<Form> forms;
};

}  // namespace hsd::fakes::detail
