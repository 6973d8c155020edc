// The engine's strict base64 over Poco: what it writes (padded, one line) and what it refuses
// (foreign characters, whitespace, a dangling character), so a damaged sealed value or key is
// reported instead of half read.
#include "crypto/base64.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hsd::engine::detail {
namespace {

TEST(Base64, EncodesRfc4648TestVectorsWithPadding) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\xfb\xff", 2)), "+/8=");
}

TEST(Base64, LongInputStaysOnOneLine) {
  const std::string encoded = base64_encode(std::string(300, 'x'));
  EXPECT_EQ(encoded.size(), 400u);
  EXPECT_EQ(encoded.find_first_of("\r\n"), std::string::npos);
}

TEST(Base64, DecodesWithOrWithoutPaddingAndRoundTripsEveryByte) {
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zg"), "f");
  EXPECT_EQ(base64_decode("Zm8"), "fo");
  EXPECT_EQ(base64_decode(""), "");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t size : {0u, 1u, 2u, 3u, 31u, 32u, 33u, 256u}) {
    EXPECT_EQ(base64_decode(base64_encode(bytes.substr(0, size))), bytes.substr(0, size)) << size;
  }
}

TEST(Base64, RefusesForeignCharactersWhitespaceAndADanglingCharacter) {
  for (const char* bad : {"not base64!", "Zm9v YmFy", "Zm9v\nYmFy", "Zm9vY", "Zm-v", "Zm_v", "====Zg"}) {
    EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace hsd::engine::detail
