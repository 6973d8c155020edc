#include "portal_serializer.hpp"

#include "hsd/fakes/common/json_writer.hpp"
#include "time_format.hpp"

namespace hsd::fakes::detail {
namespace {

void write_property(common::JsonWriter& w, const Property& p) {
  w.begin_object();
  w.str("updatedAt", iso8601_from_epoch_ms(p.updated_ms));
  w.str("createdAt", iso8601_from_epoch_ms(p.created_ms));
  if (p.archived) w.str("archivedAt", iso8601_from_epoch_ms(p.archived_ms));
  w.str("name", p.name).str("label", p.label).str("type", p.type).str("fieldType", p.field_type);
  w.str("description", p.description).str("groupName", p.group_name);
  w.key("options").begin_array();
  for (const auto& o : p.options) {
    w.begin_object().str("label", o.label).str("value", o.value);
    if (!o.description.empty()) w.str("description", o.description);
    w.num("displayOrder", o.display_order).flag("hidden", o.hidden).end_object();
  }
  w.end_array();
  w.str("createdUserId", p.created_user_id).str("updatedUserId", p.updated_user_id);
  w.num("displayOrder", p.display_order);
  w.flag("calculated", false).flag("externalOptions", false).flag("archived", p.archived);
  w.flag("hasUniqueValue", p.has_unique_value).flag("hidden", p.hidden).flag("hubspotDefined", p.hubspot_defined);
  if (p.type == "number") w.flag("showCurrencySymbol", false);
  w.key("modificationMetadata")
      .begin_object()
      .flag("archivable", true)
      .flag("readOnlyDefinition", false)
      .flag("readOnlyValue", false)
      .end_object();
  w.flag("formField", p.form_field).str("dataSensitivity", p.data_sensitivity);
  if (p.data_sensitivity != "non_sensitive") w.strings("sensitiveDataCategories", {"HEALTH", "OTHER"});
  w.end_object();
}

void write_flow_common_head(common::JsonWriter& w, const Flow& f) {
  w.str("id", f.id).flag("isEnabled", f.enabled).str("flowType", f.flow_type);
  w.str("revisionId", std::to_string(f.revision)).str("name", f.name);
}

}  // namespace

std::string property_json(const Property& property) {
  common::JsonWriter w;
  write_property(w, property);
  return w.take();
}

std::string schema_json(const Schema& s, const SchemaFlags& flags) {
  common::JsonWriter w;
  w.begin_object();
  w.key("labels").begin_object().str("singular", s.singular).str("plural", s.plural).end_object();
  w.strings("requiredProperties", s.required_properties);
  w.strings("searchableProperties", s.searchable_properties);
  w.str("primaryDisplayProperty", s.primary_display_property);
  w.strings("secondaryDisplayProperties", s.secondary_display_properties);
  w.str("description", s.description);
  w.flag("archived", s.archived).flag("allowsSensitiveProperties", false);
  w.str("id", s.id).str("fullyQualifiedName", s.fully_qualified_name);
  if (flags.audit) {
    w.str("createdAt", iso8601_from_epoch_ms(s.created_ms)).str("updatedAt", iso8601_from_epoch_ms(s.updated_ms));
    w.num("createdByUserId", s.created_by_user_id).num("updatedByUserId", s.updated_by_user_id);
  }
  w.str("objectTypeId", s.object_type_id);
  w.key("properties").begin_array();
  if (flags.properties)
    for (const auto& p : s.properties) write_property(w, p);
  w.end_array();
  w.key("associations").begin_array();
  if (flags.associations) {
    for (const auto& a : s.associations) {
      w.begin_object().str("fromObjectTypeId", a.from_object_type_id).str("toObjectTypeId", a.to_object_type_id);
      w.str("name", a.name).str("id", a.id);
      w.str("createdAt", iso8601_from_epoch_ms(a.created_ms)).str("updatedAt", iso8601_from_epoch_ms(a.updated_ms));
      w.end_object();
    }
  }
  w.end_array();
  w.str("name", s.name);
  w.end_object();
  return w.take();
}

std::string flow_listing_json(const Flow& f) {
  common::JsonWriter w;
  w.begin_object();
  write_flow_common_head(w, f);
  w.str("uuid", f.uuid).str("objectTypeId", f.object_type_id);
  w.str("createdAt", iso8601_from_epoch_ms(f.created_ms)).str("updatedAt", iso8601_from_epoch_ms(f.updated_ms));
  w.end_object();
  return w.take();
}

std::string flow_json(const Flow& f) {
  common::JsonWriter w;
  w.begin_object();
  write_flow_common_head(w, f);
  w.str("description", f.description).str("uuid", f.uuid);
  w.str("createdAt", iso8601_from_epoch_ms(f.created_ms)).str("updatedAt", iso8601_from_epoch_ms(f.updated_ms));
  w.str("startActionId", f.actions.empty() ? "" : f.actions.front().action_id);
  w.str("nextAvailableActionId", std::to_string(f.actions.size() + 1));
  w.key("actions").begin_array();
  for (const auto& a : f.actions) {
    w.begin_object().str("type", "SINGLE_CONNECTION").str("actionId", a.action_id);
    w.num("actionTypeVersion", 0).str("actionTypeId", a.action_type_id);
    if (!a.next_action_id.empty())
      w.key("connection").begin_object().str("edgeType", "STANDARD").str("nextActionId", a.next_action_id).end_object();
    w.key("fields").begin_object();
    for (const auto& [name, value] : a.fields) w.raw(name, value);
    w.end_object().end_object();
  }
  w.end_array();
  w.key("enrollmentCriteria").begin_object().flag("shouldReEnroll", false).str("type", "LIST_BASED");
  w.key("listFilterBranch").begin_object().key("filterBranches").begin_array();
  w.begin_object().key("filterBranches").begin_array().end_array();
  w.key("filters").begin_array().begin_object().str("property", f.enrollment_property);
  w.key("operation").begin_object().str("operator", "IS_KNOWN").flag("includeObjectsWithNoValueSet", false);
  w.str("operationType", "ALL_PROPERTY").end_object();
  w.str("filterType", "PROPERTY").end_object().end_array();
  w.str("filterBranchType", "AND").str("filterBranchOperator", "AND").end_object();
  w.end_array().key("filters").begin_array().end_array();
  w.str("filterBranchType", "OR").str("filterBranchOperator", "OR").end_object();
  w.flag("unEnrollObjectsNotMeetingCriteria", false);
  w.key("reEnrollmentTriggersFilterBranches").begin_array().end_array().end_object();
  w.key("timeWindows").begin_array().end_array();
  w.key("blockedDates").begin_array().end_array();
  w.key("customProperties").begin_object().end_object();
  w.key("dataSources").begin_array().end_array();
  w.str("crmObjectCreationStatus", "COMPLETE");
  w.str("type", f.type).str("objectTypeId", f.object_type_id);
  if (f.type == "CONTACT_FLOW") {
    w.flag("canEnrollFromSalesforce", false);
    w.strings("suppressionListIds", f.suppression_list_ids);
    w.key("unEnrollmentSetting").begin_object().str("type", "NONE");
    w.key("listIds").begin_array().end_array().end_object();
  } else {
    w.key("suppressionFilterBranch").begin_object().key("filterBranches").begin_array().end_array();
    w.key("filters").begin_array().end_array().str("filterBranchType", "OR").str("filterBranchOperator", "OR");
    w.end_object();
  }
  w.end_object();
  return w.take();
}

std::string form_json(const Form& f) {
  common::JsonWriter w;
  w.begin_object();
  w.str("id", f.id).str("name", f.name);
  w.str("createdAt", iso8601_from_epoch_ms(f.created_ms)).str("updatedAt", iso8601_from_epoch_ms(f.updated_ms));
  w.flag("archived", f.archived);
  if (f.archived) w.str("archivedAt", iso8601_from_epoch_ms(f.archived_ms));
  w.key("fieldGroups").begin_array();
  for (const auto& group : f.field_groups) {
    w.begin_object().str("groupType", "default_group").str("richTextType", "text");
    w.key("fields").begin_array();
    for (const auto& field : group) {
      w.begin_object().str("objectTypeId", field.object_type_id).str("name", field.name).str("label", field.label);
      w.flag("required", field.required).flag("hidden", field.hidden).str("fieldType", field.field_type);
      if (field.field_type == "email") {
        w.key("validation").begin_object().key("blockedEmailDomains").begin_array().end_array();
        w.flag("useDefaultBlockList", false).end_object();
      }
      if (!field.options.empty()) {
        w.key("options").begin_array();
        int order = 0;
        for (const auto& [label, value] : field.options)
          w.begin_object().str("label", label).str("value", value).num("displayOrder", order++).end_object();
        w.end_array();
      }
      w.key("dependentFields").begin_array().end_array();
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
  w.key("configuration").begin_object().str("language", f.language).flag("cloneable", true);
  w.key("postSubmitAction").begin_object().str("type", f.post_submit_type).str("value", f.post_submit_value).end_object();
  w.flag("editable", true).flag("archivable", true).flag("recaptchaEnabled", false).flag("notifyContactOwner", false);
  w.key("notifyRecipients").begin_array().end_array();
  w.flag("createNewContactForNewEmail", false).flag("prePopulateKnownValues", true);
  w.flag("allowLinkToResetKnownValues", false).key("lifecycleStages").begin_array().end_array();
  w.str("embedType", "V3").end_object();
  w.key("displayOptions").begin_object().flag("renderRawHtml", false).str("theme", "default_style");
  w.str("submitButtonText", f.submit_text).key("style").begin_object().str("fontFamily", "arial, helvetica, sans-serif");
  w.str("backgroundWidth", "100%").end_object().str("cssClass", "").end_object();
  w.key("legalConsentOptions").begin_object().str("type", "none").end_object();
  w.str("formType", f.form_type);
  w.end_object();
  return w.take();
}

}  // namespace hsd::fakes::detail
