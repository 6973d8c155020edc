#include "domain_fixture.hpp"

#include <stdlib.h>

#include <fstream>
#include <thread>

#include "domain/connecting.hpp"
#include "domain/connections.hpp"
#include "hsd/engine/log.hpp"

namespace hsd::engine {

void DomainFixture::SetUp() {
  log::configure(log::Level::error, log::Format::text);
  std::string pattern = (std::filesystem::temp_directory_path() / "hsd_domain_XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << "cannot create a temporary folder";
  dir_ = pattern;
  const auto yaml = dir_ / "engine.yaml";
  {
    std::ofstream out(yaml);
    out << "storage:\n  plugin: sqlite\n  path: \"" << (dir_ / "db.sqlite").string() << "\"\n"
        << "plugins:\n  dir: \"" << HSD_PLUGIN_DIR << "\"\n"
        << "pipelines:\n  dir: \"" << HSD_PIPELINE_DIR << "\"\n"
        << "secrets:\n  key_file: \"" << (dir_ / "secret.key").string() << "\"\n";
  }
  auto config = load_config(yaml, Environment{});
  ASSERT_TRUE(config.ok()) << config.error().message;
  auto opened = Engine::open(std::move(*config), Environment{});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  engine_ = std::move(*opened);
  ASSERT_NE(engine_->plugins().find("echo_source"), nullptr) << "libhsd_echo_source.so is not in " << HSD_PLUGIN_DIR;
  credentials_ = std::make_unique<CredentialService>(*engine_);
  auto session = engine_->storage().open_session();
  ASSERT_TRUE(session.ok()) << session.error().message;
  session_.emplace(std::move(*session));
}

void DomainFixture::TearDown() {
  session_.reset();
  credentials_.reset();
  engine_.reset();
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

std::int64_t DomainFixture::workspace(const std::string& name) {
  auto ws = ensure_workspace(*session_, name);
  EXPECT_TRUE(ws.ok()) << ws.error().message;
  return ws.ok() ? (*ws)->getValue<std::int64_t>("id") : 0;
}

JsonObject DomainFixture::connect_echo(std::int64_t workspace_id, const std::string& account,
                                       std::optional<int> expires_in) {
  ConnectRequest request;
  request.plugin = "echo_source";
  request.workspace_id = workspace_id;
  request.params_json = "{\"token\":\"echo-" + account + "\"" +
                        (expires_in ? ",\"expires_in\":" + std::to_string(*expires_in) : std::string()) + "}";
  auto connection = connect_connection(*engine_, *credentials_, request);
  EXPECT_TRUE(connection.ok()) << connection.error().message;
  return connection.ok() ? *connection : JsonObject();
}

JsonObject DomainFixture::row(const std::string& entity, std::int64_t id) {
  auto found = session_->get(entity, id);
  EXPECT_TRUE(found.ok()) << found.error().message;
  return found.ok() ? *found : JsonObject(new Poco::JSON::Object);
}

std::string DomainFixture::state_of_job(std::int64_t job_id) {
  auto job = session_->get("jobs", job_id);
  return job.ok() ? (*job)->getValue<std::string>("state") : "<" + job.error().message + ">";
}

bool DomainFixture::eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

}  // namespace hsd::engine
