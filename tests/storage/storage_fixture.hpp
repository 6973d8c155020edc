// The storage conformance suite's fixture. Every storage plugin is one StoragePluginParam:
// its library and how to make a configuration for a fresh, empty store. Each test gets its own
// temporary folder, plugin host, storage and session.
#pragma once

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/storage.hpp"

namespace hsd::test {

struct StoragePluginParam {
  std::string name;                    // test name suffix
  std::filesystem::path library;       // e.g. <plugins>/libhsd_sqlite.so
  // A configuration JSON for a fresh store whose files live under dir.
  std::function<std::string(const std::filesystem::path& dir)> make_config;
  // Marks an existing store as written by a newer schema version than the plugin knows.
  std::function<void(const std::string& config_json)> mark_newer_schema;
  // How many distinct metadata blobs the store holds (to check dedupe and clean-up).
  std::function<std::int64_t(const std::string& config_json)> stored_blob_count;
  // Optional: removes the store after the test (a server's database; files go with dir).
  std::function<void(const std::string& config_json)> drop_store;
};

std::vector<StoragePluginParam> storage_plugins();

// Failure messages name the plugin instead of dumping the parameter's bytes.
inline void PrintTo(const StoragePluginParam& param, std::ostream* out) { *out << param.name; }

// Parses JSON text into an object (test input); fails the test on bad JSON.
Poco::JSON::Object::Ptr obj(const std::string& json);

// The first column of the first row of SQL run on a sqlite file directly, as an integer (0 without
// rows, -1 on error): the suite's only look behind the ABI.
std::int64_t sqlite_scalar_at(const std::filesystem::path& path, const std::string& sql);
// Compact JSON text of a value, for comparing json columns.
std::string json_text(const Poco::Dynamic::Var& value);

class StorageTest : public ::testing::TestWithParam<StoragePluginParam> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Loads the plugin once more (a second instance on the same store) through a new host.
  engine::Result<engine::Plugin*> load_again(engine::PluginHost& host) const;

  engine::Session& db() { return *session_; }
  engine::Storage& storage() { return *storage_; }
  // The loaded plugin's storage table and instance, to build a client over an altered table
  // (e.g. one cut to an older ABI's size).
  const hsd_storage_api* table() const { return plugin_->storage(); }
  void* instance() const { return plugin_->instance(); }

  // Inserts and returns the id, failing the test on error.
  std::int64_t insert_id(const std::string& entity, const std::string& record_json);
  // A workspace and a source connection in it.
  std::int64_t workspace(const std::string& name);
  std::int64_t connection(std::int64_t workspace_id, const std::string& label);

  std::filesystem::path dir_;
  std::string config_;

 private:
  std::unique_ptr<engine::PluginHost> host_;
  engine::Plugin* plugin_ = nullptr;
  std::optional<engine::Storage> storage_;
  std::optional<engine::Session> session_;
};

}  // namespace hsd::test
