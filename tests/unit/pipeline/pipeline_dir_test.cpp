#include <gtest/gtest.h>

#include "hsd/engine/pipeline.hpp"
#include "test_catalog.hpp"

namespace hsd::engine {
namespace {

const std::filesystem::path kFixtures = HSD_PIPELINE_FIXTURES;

TEST(PipelineDir, MissingRequiredPipelinesAreNamed) {
  const auto catalog = test::make_test_catalog();
  auto set = load_pipeline_dir(kFixtures / "dir_missing", catalog);
  ASSERT_FALSE(set.ok());
  const std::string expected = (kFixtures / "dir_missing").string() +
                               ": missing required pipelines: retrieve, refresh, delete";
  EXPECT_NE(set.error().message.find(expected), std::string::npos) << set.error().message;
  EXPECT_EQ(set.error().message.find("connect,"), std::string::npos) << "connect is present";
}

TEST(PipelineDir, ErrorsOfEveryFileAreCollected) {
  const auto catalog = test::make_test_catalog();
  auto set = load_pipeline_dir(kFixtures / "bad", catalog);
  ASSERT_FALSE(set.ok());
  const std::string& message = set.error().message;
  EXPECT_NE(message.find("bad_id.yaml:3:9: "), std::string::npos);
  EXPECT_NE(message.find("unknown_plugin.yaml:4:11: "), std::string::npos);
  EXPECT_NE(message.find("missing required pipelines: connect, retrieve, refresh, delete"),
            std::string::npos);
  EXPECT_NE(set.error().details_json.find("\"errors\":["), std::string::npos);
}

TEST(PipelineDir, MissingDirectoryIsNotFound) {
  const auto catalog = test::make_test_catalog();
  auto set = load_pipeline_dir(kFixtures / "no_such_dir", catalog);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, ErrorCode::not_found);
  EXPECT_NE(set.error().message.find("no_such_dir: pipeline directory not found"),
            std::string::npos);
}

}  // namespace
}  // namespace hsd::engine
