#include "plugin_descriptor.hpp"

#include <hsd/sdk.hpp>

namespace hsd::plugins::hubspot {
namespace {

using hsd::sdk::param;

constexpr hsd_param_desc kOAuthStartParams[] = {
    param("redirect_uri", "string", true, nullptr, "Where HubSpot sends the user back with ?code="),
    param("state", "string", true, nullptr, "Opaque anti-CSRF value HubSpot echoes back"),
};
constexpr hsd_param_desc kConnectParams[] = {
    param("private_app_token", "string", false, nullptr, "A private app (or service key) token: pat-...",
          HSD_PARAM_SECRET | HSD_PARAM_DIRECT_REQUIRED),
    param("code", "string", false, nullptr, "The OAuth authorization code from the redirect",
          HSD_PARAM_SECRET | HSD_PARAM_FLOW),
    param("redirect_uri", "string", false, nullptr,
          "The redirect URI the consent page got (default: connectors.hubspot.redirect_uri)", HSD_PARAM_FLOW),
};
constexpr hsd_param_desc kRetrieveParams[] = {
    param("types", "string_list", false, nullptr,
          "Only these types: custom_object_schemas, contact_properties, deal_properties, workflows, forms"),
};

}  // namespace

const hsd_action_desc kActions[5] = {
    hsd::sdk::action("oauth_start", "Builds the HubSpot consent page URL", kOAuthStartParams),
    hsd::sdk::action("connect", "Checks a private app token or exchanges an OAuth code, and describes the portal",
                     kConnectParams),
    hsd::sdk::action("refresh", "Exchanges the refresh token for a new access token"),
    hsd::sdk::action("retrieve", "Emits the portal's metadata objects", kRetrieveParams),
    hsd::sdk::action("revoke", "Revokes the OAuth refresh token (private app tokens: nothing to do)"),
};

const char* const kManifest = R"json({
  "display_name": "HubSpot",
  "noun": "portal",
  "auth_types": [{"value": "oauth", "label": "OAuth app"},
                 {"value": "private_app", "label": "Private app token"}],
  "token_patterns": [{"prefix": "pat-", "regex": "pat-[a-z0-9]+-[A-Za-z0-9-]{6,}"}],
  "object_types": {
    "custom_object_schemas": {"label": "Custom object schemas", "summary": [
      {"label": "Name", "pointer": "/name"},
      {"label": "Singular label", "pointer": "/labels/singular"},
      {"label": "Plural label", "pointer": "/labels/plural"},
      {"label": "Object type id", "pointer": "/objectTypeId"},
      {"label": "Primary display property", "pointer": "/primaryDisplayProperty"},
      {"label": "Required properties", "pointer": "/requiredProperties"},
      {"label": "Properties", "pointer": "/properties", "item": "/name"},
      {"label": "Associations", "pointer": "/associations", "item": "/name"}],
      "compare": {"key": "/name",
                  "ignore": ["/id", "/objectTypeId", "/fullyQualifiedName", "/createdAt", "/updatedAt",
                             "/createdByUserId", "/updatedByUserId",
                             "/properties/*/createdAt", "/properties/*/updatedAt", "/properties/*/archivedAt",
                             "/properties/*/createdUserId", "/properties/*/updatedUserId",
                             "/associations/*/id", "/associations/*/fromObjectTypeId",
                             "/associations/*/createdAt", "/associations/*/updatedAt"],
                  "arrays": [{"at": "/properties", "key": "/name"},
                             {"at": "/properties/*/options", "key": "/value"},
                             {"at": "/associations", "key": "/name"}]}},
    "contact_properties": {"label": "Contact properties", "summary": [
      {"label": "Label", "pointer": "/label"},
      {"label": "Type", "pointer": "/type"},
      {"label": "Field type", "pointer": "/fieldType"},
      {"label": "Group", "pointer": "/groupName"},
      {"label": "Options", "pointer": "/options", "item": "/label"},
      {"label": "Description", "pointer": "/description"}],
      "compare": {"key": "/name",
                  "ignore": ["/createdAt", "/updatedAt", "/archivedAt", "/createdUserId", "/updatedUserId"],
                  "arrays": [{"at": "/options", "key": "/value"}]}},
    "deal_properties": {"label": "Deal properties", "summary": [
      {"label": "Label", "pointer": "/label"},
      {"label": "Type", "pointer": "/type"},
      {"label": "Field type", "pointer": "/fieldType"},
      {"label": "Group", "pointer": "/groupName"},
      {"label": "Options", "pointer": "/options", "item": "/label"},
      {"label": "Description", "pointer": "/description"}],
      "compare": {"key": "/name",
                  "ignore": ["/createdAt", "/updatedAt", "/archivedAt", "/createdUserId", "/updatedUserId"],
                  "arrays": [{"at": "/options", "key": "/value"}]}},
    "workflows": {"label": "Workflows", "summary": [
      {"label": "Name", "pointer": "/name"},
      {"label": "Type", "pointer": "/type"},
      {"label": "Flow type", "pointer": "/flowType"},
      {"label": "Enabled", "pointer": "/isEnabled"},
      {"label": "Object type id", "pointer": "/objectTypeId"},
      {"label": "Actions", "pointer": "/actions", "item": "/actionTypeId"},
      {"label": "Updated", "pointer": "/updatedAt"}],
      "compare": {"key": "/name",
                  "ignore": ["/id", "/revisionId", "/uuid", "/createdAt", "/updatedAt"]}},
    "forms": {"label": "Forms", "summary": [
      {"label": "Name", "pointer": "/name"},
      {"label": "Form type", "pointer": "/formType"},
      {"label": "Fields (first group)", "pointer": "/fieldGroups/0/fields", "item": "/name"},
      {"label": "Language", "pointer": "/configuration/language"},
      {"label": "Archived", "pointer": "/archived"},
      {"label": "Updated", "pointer": "/updatedAt"}],
      "compare": {"key": "/name",
                  "ignore": ["/id", "/createdAt", "/updatedAt", "/archivedAt",
                             "/fieldGroups/*/fields/*/objectTypeId"],
                  "arrays": [{"at": "/fieldGroups/*/fields", "key": "/name"},
                             {"at": "/fieldGroups/*/fields/*/options", "key": "/value"}]}}
  }
})json";

const char* const kObjectTypes[5] = {"custom_object_schemas", "contact_properties", "deal_properties",
                                     "workflows", "forms"};

}  // namespace hsd::plugins::hubspot
