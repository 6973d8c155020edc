// A real engine for domain tests: SQLite storage in a fresh temporary folder, the plugins the
// build put in HSD_PLUGIN_DIR (sqlite and the echo_source example), the shipped pipelines, and
// a secret key of its own. Each test gets its own folder, so tests are independent.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "domain/credential_service.hpp"
#include "domain/json_util.hpp"
#include "hsd/engine/engine.hpp"

namespace hsd::engine {

class DomainFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  Engine& engine() { return *engine_; }
  Session& session() { return *session_; }
  CredentialService& credentials() { return *credentials_; }

  // The workspace of that name (created when missing), by id.
  std::int64_t workspace(const std::string& name);
  // An echo_source connection for the account; expires_in (seconds) gives the token an expiry.
  JsonObject connect_echo(std::int64_t workspace_id, const std::string& account,
                          std::optional<int> expires_in = std::nullopt);
  // The row as storage has it now.
  JsonObject row(const std::string& entity, std::int64_t id);
  std::string state_of_job(std::int64_t job_id);

  // Re-checks the condition until it holds or the limit passes; false on timeout.
  static bool eventually(const std::function<bool()>& condition,
                         std::chrono::milliseconds limit = std::chrono::seconds(60));

  std::filesystem::path dir_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<CredentialService> credentials_;
  std::optional<Session> session_;
};

}  // namespace hsd::engine
