// Pins the ABI: the layout of every struct on the reference platform (x86_64 Linux), and a
// hash of abi.h per version, so that an edit to the header without a version bump fails.
#include <hsd/abi.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#if defined(__x86_64__) && defined(__linux__)
static_assert(sizeof(hsd_str_view) == 16);
static_assert(sizeof(hsd_error) == 64);
static_assert(sizeof(hsd_object) == 72);
static_assert(sizeof(hsd_http_header) == 32);
static_assert(sizeof(hsd_http_request) == 88);
static_assert(sizeof(hsd_http_response) == 48);
static_assert(sizeof(hsd_host_api) == 80);
static_assert(sizeof(hsd_param_desc) == 48);
static_assert(sizeof(hsd_action_desc) == 40);
static_assert(sizeof(hsd_storage_api) == 240);
static_assert(sizeof(hsd_plugin_api) == 120);
static_assert(offsetof(hsd_plugin_api, id) == 16);
static_assert(offsetof(hsd_plugin_api, actions) == 48);
static_assert(offsetof(hsd_plugin_api, create) == 80);
static_assert(offsetof(hsd_plugin_api, storage) == 104);
static_assert(offsetof(hsd_host_api, log) == 8);
static_assert(offsetof(hsd_host_api, get_credentials) == 64);
static_assert(offsetof(hsd_host_api, read_objects) == 72);
static_assert(offsetof(hsd_storage_api, job_finish) == 152);
static_assert(offsetof(hsd_storage_api, metadata_types) == 160);
static_assert(offsetof(hsd_storage_api, snapshot_activate_keeping) == 168);
static_assert(offsetof(hsd_storage_api, snapshot_objects) == 192);
static_assert(offsetof(hsd_storage_api, job_enqueue) == 200);
static_assert(offsetof(hsd_storage_api, job_wait) == 208);
static_assert(offsetof(hsd_storage_api, lock_acquire) == 216);
static_assert(offsetof(hsd_storage_api, lock_release) == 224);
static_assert(offsetof(hsd_storage_api, schema_status) == 232);
static_assert(offsetof(hsd_error, details_json) == 48);
static_assert(offsetof(hsd_object, data_json) == 56);
static_assert(offsetof(hsd_http_request, body) == 56);
static_assert(offsetof(hsd_http_request, header_size) == 72);
static_assert(offsetof(hsd_http_request, on_failure) == 80);
static_assert(offsetof(hsd_http_response, header_size) == 40);
static_assert(offsetof(hsd_param_desc, flags) == 40);
static_assert(offsetof(hsd_plugin_api, manifest_json) == 112);
static_assert(offsetof(hsd_action_desc, param_count) == 32);
static_assert(offsetof(hsd_param_desc, description) == 32);
#endif

namespace {

// FNV-1a 64: small, stable across compilers and platforms, enough for a tripwire.
std::uint64_t fnv1a(const std::string& bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

// One entry per released ABI version. When abi.h changes: bump the version, add a line to
// sdk/ABI.md's changelog, and record the new hash here.
const std::map<std::string, std::uint64_t> kHeaderHashes = {
    {"1.0", 0x74f1b2aae94c0080ull},
    {"1.1", 0x5289ba650aa5aaaaull},
    {"1.2", 0xe1146b5335db1a07ull},
    {"1.3", 0xa54baa21113aa5b2ull},
};

TEST(AbiHeader, HashMatchesTheRecordedVersion) {
  std::ifstream file(HSD_ABI_HEADER, std::ios::binary);
  ASSERT_TRUE(file) << "cannot read " << HSD_ABI_HEADER;
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const std::string version = std::to_string(HSD_ABI_VERSION_MAJOR) + "." + std::to_string(HSD_ABI_VERSION_MINOR);
  auto recorded = kHeaderHashes.find(version);
  ASSERT_NE(recorded, kHeaderHashes.end()) << "ABI " << version << " has no recorded hash; add it to kHeaderHashes "
                                           << "with the hash 0x" << std::hex << fnv1a(bytes);
  EXPECT_EQ(fnv1a(bytes), recorded->second)
      << "abi.h changed but HSD_ABI_VERSION is still " << version
      << ": bump the minor (append-only change) or the major, record it in sdk/ABI.md, and record the new hash 0x"
      << std::hex << fnv1a(bytes);
}

TEST(AbiHeader, HasFieldReadsOnlyWithinStructSize) {
  hsd_host_api host{};
  host.struct_size = offsetof(hsd_host_api, set_error);  // an imaginary older host
  EXPECT_TRUE(HSD_HAS_FIELD(&host, hsd_host_api, abi_minor));
  EXPECT_FALSE(HSD_HAS_FIELD(&host, hsd_host_api, set_error));
  host.struct_size = sizeof(hsd_host_api);
  EXPECT_TRUE(HSD_HAS_FIELD(&host, hsd_host_api, get_credentials));
}

TEST(AbiHeader, StatusValuesAreStable) {
  EXPECT_EQ(HSD_OK, 0);
  EXPECT_EQ(HSD_ERR_INVALID_ARGUMENT, 1);
  EXPECT_EQ(HSD_ERR_INTERNAL, 7);
  EXPECT_EQ(HSD_ERR_CANCELLED, 10);
  EXPECT_EQ(HSD_ABI_MAGIC, 0x41445348u);
}

}  // namespace
