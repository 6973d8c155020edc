// HubSpot's manifest parsed as the engine parses it, for tests that compare under its rules.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugin_descriptor.hpp"
#include "plugin_manifest.hpp"

namespace hsd::test {

inline hsd::engine::PluginManifest hubspot_manifest() {
  std::vector<std::string> types(std::begin(hsd::plugins::hubspot::kObjectTypes),
                                 std::end(hsd::plugins::hubspot::kObjectTypes));
  auto manifest = hsd::engine::parse_manifest(hsd::plugins::hubspot::kManifest, "hubspot", "plugin 'hubspot'", types);
  EXPECT_TRUE(manifest.ok()) << manifest.error().message;
  return manifest.ok() ? std::move(*manifest) : hsd::engine::PluginManifest{};
}

}  // namespace hsd::test
