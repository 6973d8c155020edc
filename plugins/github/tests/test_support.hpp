// What the GitHub plugin's tests share: a configuration pointing at fake hosts, a Connector
// over FakeHost and FakeClock, and small helpers to read outputs and canned GitHub bodies.
#pragma once

#include "connector.hpp"
#include "fake_host.hpp"

#include <hsd/plugins/support/json_reader.hpp>
#include <hsd/plugins/support/testing/fake_clock.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace hsd::plugins::github::testing {

using support::testing::FakeClock;

inline constexpr const char* kApi = "http://api.test";
inline constexpr const char* kWeb = "http://web.test:8080";

inline Config test_config(const std::string& extra = "") {
  auto config = parse_config(std::string(R"({"client_id":"Iv1.cid","client_secret":"csecret","api_base_url":"http://api.test/",)"
                                         R"("web_base_url":"http://web.test:8080","user_agent":"hsdeploy-test/1")") +
                             extra + "}");
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.failure().message);
  return config.ok() ? *config : Config{};
}

/** A repository object as GitHub sends it. */
inline std::string repo_body(const std::string& id, const std::string& full_name, bool push = true,
                             bool archived = false) {
  const std::string owner = full_name.substr(0, full_name.find('/'));
  const std::string name = full_name.substr(full_name.find('/') + 1);
  return R"({"id":)" + id + R"(,"node_id":"R_x","name":")" + name + R"(","full_name":")" + full_name +
         R"(","owner":{"login":")" + owner + R"(","id":1,"type":"User"},"private":true,"archived":)" +
         (archived ? "true" : "false") + R"(,"disabled":false,"visibility":"private","default_branch":"main",)" +
         R"("clone_url":"https://github.com/)" + full_name + R"(.git","permissions":{"admin":false,"maintain":false,)" +
         R"("push":)" + (push ? "true" : "false") + R"(,"triage":true,"pull":true}})";
}

inline std::string user_body(const std::string& login = "octocat", const std::string& id = "583231") {
  return R"({"login":")" + login + R"(","id":)" + id + R"(,"type":"User","name":"The Octocat"})";
}

class ConnectorTest : public ::testing::Test {
 protected:
  hsd::sdk::Status invoke(const std::string& action, const std::string& input) {
    auto context = host_.context();
    return connector_.invoke(context, action, input);
  }
  Poco::JSON::Object::Ptr output() {
    auto out = support::parse_json_object(host_.output);
    EXPECT_TRUE(out) << host_.output;
    return out ? out : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
  }

  FakeHost host_;
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  // Stands in for backup::write_backup; tests that back up set it.
  BackupWriter fake_writer_;
  // Stands in for backup::read_backup; tests that read backups back set it.
  BackupReader fake_reader_;
  Connector connector_{test_config(), clock_,
                       [this](const backup::Target& target, const backup::Source& source,
                              const backup::ObjectSource& objects,
                              const backup::Hooks& hooks) -> hsd::sdk::Result<backup::Outcome> {
                         if (!fake_writer_) return hsd::sdk::fail(HSD_ERR_INTERNAL, "no fake writer set");
                         return fake_writer_(target, source, objects, hooks);
                       },
                       [this](const backup::Target& target, const backup::Source& source, const std::string& ref,
                              const backup::ReadVisitor& visit,
                              const backup::Hooks& hooks) -> hsd::sdk::Result<backup::ReadResult> {
                         if (!fake_reader_) return hsd::sdk::fail(HSD_ERR_INTERNAL, "no fake reader set");
                         return fake_reader_(target, source, ref, visit, hooks);
                       }};
};

}  // namespace hsd::plugins::github::testing
