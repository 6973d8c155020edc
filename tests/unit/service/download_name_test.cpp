// A downloaded object's file name keeps only [A-Za-z0-9._-]; everything else (one "_" per
// character, UTF-8 sequences included) is replaced.
#include <gtest/gtest.h>

#include "service/download_name.hpp"

namespace hsd::engine::service {
namespace {

TEST(DownloadName, KeepsPlainNames) {
  EXPECT_EQ(metadata_download_name("workflows", "12345"), "workflows-12345.json");
  EXPECT_EQ(metadata_download_name("forms", "a1b2-c3.d_4"), "forms-a1b2-c3.d_4.json");
}

TEST(DownloadName, ReplacesEverythingElseOneUnderscorePerCharacter) {
  EXPECT_EQ(metadata_download_name("forms", "a/b\\c d\"e;f"), "forms-a_b_c_d_e_f.json");
  EXPECT_EQ(metadata_download_name("forms", "../../etc/passwd"), "forms-.._.._etc_passwd.json");
  EXPECT_EQ(metadata_download_name("forms", "caf\xC3\xA9 \xF0\x9F\x9A\x80"), "forms-caf___.json");
  EXPECT_EQ(metadata_download_name("forms", std::string("a\r\nb\0c", 6)), "forms-a__b_c.json");
  EXPECT_EQ(metadata_download_name(".hidden", "x"), "_hidden-x.json");
}

}  // namespace
}  // namespace hsd::engine::service
