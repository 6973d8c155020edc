// A scratch project folder per test: ROOT/config/engine.yaml, so relative paths resolve
// against ROOT as they do for the shipped file.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "hsd/engine/config.hpp"

namespace hsd::engine::testing {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hsd_config_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    std::filesystem::create_directories(root_ / "config");
    file_ = root_ / "config" / "engine.yaml";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  Result<EngineConfig> load(const std::string& yaml, const Environment& env = {}) {
    std::ofstream(file_) << yaml;
    return load_config(file_, env);
  }
  // The message prefix an error at LINE:COLUMN of the test file carries.
  std::string at(int line, int column) const {
    return file_.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  }

  std::filesystem::path root_;
  std::filesystem::path file_;
};

inline const char* kMinimal = "storage: { plugin: sqlite, path: var/db.sqlite }\n";

}  // namespace hsd::engine::testing
