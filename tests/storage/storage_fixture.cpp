#include "storage_fixture.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cstdlib>
#include <sstream>

namespace hsd::test {

Poco::JSON::Object::Ptr obj(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string json_text(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

void StorageTest::SetUp() {
  std::string pattern = (std::filesystem::temp_directory_path() / "hsd_storage_XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  dir_ = pattern;
  config_ = GetParam().make_config(dir_);
  ASSERT_FALSE(config_.empty()) << "no store for " << GetParam().name;
  host_ = std::make_unique<engine::PluginHost>();
  auto plugin = host_->load(GetParam().library, config_);
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  ASSERT_EQ((*plugin)->kind(), "storage");
  ASSERT_NE((*plugin)->storage(), nullptr);
  plugin_ = *plugin;
  storage_.emplace((*plugin)->storage(), (*plugin)->instance());
  auto session = storage_->open_session();
  ASSERT_TRUE(session.ok()) << session.error().message;
  session_.emplace(std::move(*session));
}

void StorageTest::TearDown() {
  session_.reset();
  storage_.reset();
  host_.reset();
  if (GetParam().drop_store && !config_.empty()) GetParam().drop_store(config_);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

engine::Result<engine::Plugin*> StorageTest::load_again(engine::PluginHost& host) const {
  return host.load(GetParam().library, config_);
}

std::int64_t StorageTest::insert_id(const std::string& entity, const std::string& record_json) {
  auto row = db().insert(entity, *obj(record_json));
  EXPECT_TRUE(row.ok()) << entity << ": " << (row.ok() ? "" : row.error().message);
  return row.ok() ? (*row)->getValue<std::int64_t>("id") : -1;
}

std::int64_t StorageTest::workspace(const std::string& name) {
  return insert_id("workspaces", R"({"name":")" + name + R"("})");
}

std::int64_t StorageTest::connection(std::int64_t workspace_id, const std::string& label) {
  return insert_id("connections", R"({"workspace_id":)" + std::to_string(workspace_id) +
                                      R"(,"plugin":"hubspot","kind":"source","label":")" + label +
                                      R"("})");
}

}  // namespace hsd::test
