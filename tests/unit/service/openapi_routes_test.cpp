// The OpenAPI document built into the binary against the real router: the same (method, path)
// pairs both ways, the same routes without a token, path parameters that match the patterns,
// and a required role on every route a workspace role guards. A route added without its
// documentation (or documentation left behind by a removed route) fails here, naming it.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "service/openapi_document.hpp"
#include "service/routes.hpp"

namespace hsd::engine::service {
namespace {

using ::testing::IsEmpty;

const std::vector<std::string> kMethods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string listing(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "\n  " + item;
  return out;
}

// The {placeholders} of a path pattern.
std::set<std::string> placeholders(const std::string& pattern) {
  std::set<std::string> names;
  static const std::regex kPlaceholder("\\{([^}]+)\\}");
  for (std::sregex_iterator it(pattern.begin(), pattern.end(), kPlaceholder), end; it != end; ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

class OpenApiRoutesTest : public ::testing::Test {
 protected:
  OpenApiRoutesTest() : router_(api_router()) {
    document_ = Poco::JSON::Parser().parse(std::string(embedded::openapi_json())).extract<Poco::JSON::Object::Ptr>();
    paths_ = document_->getObject("paths");
  }

  // Each operation of the document as "METHOD /path", with its object.
  std::map<std::string, Poco::JSON::Object::Ptr> operations() const {
    std::map<std::string, Poco::JSON::Object::Ptr> out;
    for (const auto& [path, item] : *paths_) {
      auto object = paths_->getObject(path);
      for (const auto& method : kMethods) {
        if (object->has(method)) out[upper(method) + " " + path] = object->getObject(method);
      }
    }
    return out;
  }

  std::set<std::string> routes() const {
    std::set<std::string> out;
    for (const auto& route : router_.routes()) out.insert(route.method + " " + route.pattern);
    return out;
  }

  // A path parameter object, following a $ref into components/parameters.
  Poco::JSON::Object::Ptr resolved(Poco::JSON::Object::Ptr parameter) const {
    if (!parameter->has("$ref")) return parameter;
    const auto ref = parameter->getValue<std::string>("$ref");
    const std::string prefix = "#/components/parameters/";
    EXPECT_EQ(ref.rfind(prefix, 0), 0u) << "unexpected $ref " << ref;
    auto found = document_->getObject("components")->getObject("parameters")->getObject(ref.substr(prefix.size()));
    EXPECT_TRUE(found) << "dangling $ref " << ref;
    return found ? found : parameter;
  }

  std::set<std::string> path_parameters(const Poco::JSON::Array::Ptr& parameters) const {
    std::set<std::string> names;
    if (!parameters) return names;
    for (std::size_t i = 0; i < parameters->size(); ++i) {
      auto parameter = resolved(parameters->getObject(static_cast<unsigned>(i)));
      if (parameter->getValue<std::string>("in") == "path") names.insert(parameter->getValue<std::string>("name"));
    }
    return names;
  }

  Router router_;
  Poco::JSON::Object::Ptr document_;
  Poco::JSON::Object::Ptr paths_;
};

TEST_F(OpenApiRoutesTest, TheDocumentIsOpenApi31) {
  EXPECT_EQ(document_->getValue<std::string>("openapi"), "3.1.0");
  ASSERT_TRUE(paths_);
  EXPECT_FALSE(operations().empty());
}

TEST_F(OpenApiRoutesTest, EveryRouteIsDocumentedAndEveryOperationIsRouted) {
  const auto routed = routes();
  std::set<std::string> documented;
  for (const auto& [name, operation] : operations()) documented.insert(name);
  std::set<std::string> undocumented, unrouted;
  std::set_difference(routed.begin(), routed.end(), documented.begin(), documented.end(),
                      std::inserter(undocumented, undocumented.end()));
  std::set_difference(documented.begin(), documented.end(), routed.begin(), routed.end(),
                      std::inserter(unrouted, unrouted.end()));
  EXPECT_THAT(undocumented, IsEmpty()) << "routes of api_router() missing from engine/src/service/openapi.json:"
                                       << listing(undocumented);
  EXPECT_THAT(unrouted, IsEmpty()) << "operations of engine/src/service/openapi.json that api_router() does not have:"
                                   << listing(unrouted);
}

// security: [] on an operation says "no token"; every other operation takes the bearer token.
TEST_F(OpenApiRoutesTest, TheRoutesWithoutATokenAreTheOperationsWithoutSecurity) {
  const auto ops = operations();
  std::set<std::string> open_routes, open_operations;
  for (const auto& route : router_.routes()) {
    if (!route.authenticated) open_routes.insert(route.method + " " + route.pattern);
  }
  for (const auto& [name, operation] : ops) {
    auto security = operation->getArray("security");
    if (security && security->size() == 0) open_operations.insert(name);
  }
  EXPECT_EQ(open_routes, open_operations) << "routes without a token:" << listing(open_routes)
                                          << "\noperations with security []:" << listing(open_operations);
  EXPECT_TRUE(open_routes.count("GET /api/v1/openapi.json"));
  for (const auto& [name, operation] : ops) {
    if (open_operations.count(name)) continue;
    EXPECT_TRUE(operation->getObject("responses")->has("401")) << name << " takes a token but documents no 401";
  }
}

TEST_F(OpenApiRoutesTest, PathParametersMatchThePathPlaceholders) {
  for (const auto& [path, item] : *paths_) {
    auto object = paths_->getObject(path);
    const auto from_path = path_parameters(object->getArray("parameters"));
    for (const auto& method : kMethods) {
      if (!object->has(method)) continue;
      auto declared = from_path;
      const auto own = path_parameters(object->getObject(method)->getArray("parameters"));
      declared.insert(own.begin(), own.end());
      EXPECT_EQ(declared, placeholders(path)) << upper(method) << " " << path
                                              << ": the path parameters declared differ from its placeholders";
    }
  }
}

TEST_F(OpenApiRoutesTest, GuardedOperationsNameTheirRoleInTheExtensionAndTheDescription) {
  const std::set<std::string> roles = {"member", "admin", "owner"};
  std::set<std::string> without_role;
  for (const auto& [name, operation] : operations()) {
    const auto description = operation->optValue<std::string>("description", "");
    if (!operation->has("x-required-role")) {
      // Only the routes any signed-in user (or anyone) may call go without a role.
      if (name.find("{ws}") != std::string::npos || name.find("{id}") != std::string::npos) without_role.insert(name);
      continue;
    }
    const auto role = operation->getValue<std::string>("x-required-role");
    EXPECT_TRUE(roles.count(role)) << name << ": x-required-role '" << role << "' is not member, admin or owner";
    EXPECT_NE(lower(description).find(role), std::string::npos)
        << name << ": the description does not say the role it needs (" << role << ")";
  }
  EXPECT_THAT(without_role, IsEmpty()) << "operations on a workspace's objects without x-required-role:"
                                       << listing(without_role);
}

TEST_F(OpenApiRoutesTest, EveryOperationAnswersSomethingAndItsErrorsUseTheErrorSchema) {
  for (const auto& [name, operation] : operations()) {
    auto responses = operation->getObject("responses");
    ASSERT_TRUE(responses) << name << " has no responses";
    bool success = false;
    for (const auto& [status, response] : *responses) {
      const int code = std::stoi(status);
      success = success || (code >= 200 && code < 400);
      if (code < 400 || name == "GET /readyz") continue;
      auto object = responses->getObject(status);
      EXPECT_TRUE(object->has("$ref")) << name << " " << status << ": error answers refer to components/responses";
    }
    EXPECT_TRUE(success) << name << " documents no successful answer";
  }
}

}  // namespace
}  // namespace hsd::engine::service
