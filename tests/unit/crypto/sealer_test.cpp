#include "hsd/engine/sealer.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <sstream>
#include <set>
#include <string>

namespace hsd::engine {
namespace {

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(size, '\0');
  for (auto& c : out) c = static_cast<char>(byte(generator));
  return out;
}

Sealer make_sealer(unsigned seed) {
  auto sealer = Sealer::from_key(random_bytes(32, seed));
  EXPECT_TRUE(sealer.ok());
  return std::move(sealer).value();
}

// Poco's codec, not the engine's wrapper around it, reads and rebuilds sealed values here.
std::string b64_decode(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}

std::string b64_encode(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

class SealerRoundTrip : public ::testing::TestWithParam<std::size_t> {};

TEST_P(SealerRoundTrip, OpensWhatItSealed) {
  Sealer sealer = make_sealer(1);
  const std::string plain = random_bytes(GetParam(), 7);
  auto sealed = sealer.seal(plain, "connection:42");
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  // nonce + ciphertext + tag, as sealer.hpp documents.
  EXPECT_EQ(b64_decode(*sealed).size(), 12 + plain.size() + 16);
  auto opened = sealer.unseal(*sealed, "connection:42");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, plain);
}

INSTANTIATE_TEST_SUITE_P(Sizes, SealerRoundTrip,
                         ::testing::Values(std::size_t{0}, std::size_t{1}, std::size_t{16},
                                           std::size_t{1000}, std::size_t{1} << 20));

TEST(Sealer, EmptyAssociatedDataRoundTrips) {
  Sealer sealer = make_sealer(2);
  auto sealed = sealer.seal("token", "");
  ASSERT_TRUE(sealed.ok());
  auto opened = sealer.unseal(*sealed, "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "token");
}

TEST(Sealer, EverySealUsesAFreshNonce) {
  Sealer sealer = make_sealer(3);
  std::set<std::string> nonces;
  std::set<std::string> sealed_values;
  constexpr int kCount = 1000;
  for (int i = 0; i < kCount; ++i) {
    auto sealed = sealer.seal("same plaintext", "same:record");
    ASSERT_TRUE(sealed.ok());
    sealed_values.insert(*sealed);
    nonces.insert(b64_decode(*sealed).substr(0, 12));
  }
  EXPECT_EQ(nonces.size(), static_cast<std::size_t>(kCount));
  EXPECT_EQ(sealed_values.size(), static_cast<std::size_t>(kCount));
}

TEST(Sealer, TamperingWithAnyByteIsUnauthenticated) {
  Sealer sealer = make_sealer(4);
  auto sealed = sealer.seal("refresh-token-value", "connection:1");
  ASSERT_TRUE(sealed.ok());
  const std::string raw = b64_decode(*sealed);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string tampered = raw;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    auto opened = sealer.unseal(b64_encode(tampered), "connection:1");
    ASSERT_FALSE(opened.ok()) << "byte " << i;
    EXPECT_EQ(opened.error().code, ErrorCode::unauthenticated) << "byte " << i;
  }
}

TEST(Sealer, TruncatedOrMalformedValuesAreUnauthenticated) {
  Sealer sealer = make_sealer(5);
  auto sealed = sealer.seal("x", "a");
  ASSERT_TRUE(sealed.ok());
  const std::string raw = b64_decode(*sealed);
  for (const std::string& bad :
       {b64_encode(raw.substr(0, raw.size() - 1)), b64_encode(raw.substr(0, 27)),
        std::string("not base64!"), std::string()}) {
    auto opened = sealer.unseal(bad, "a");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::unauthenticated);
  }
}

TEST(Sealer, OtherAssociatedDataIsUnauthenticated) {
  Sealer sealer = make_sealer(6);
  auto sealed = sealer.seal("secret", "connection:1");
  ASSERT_TRUE(sealed.ok());
  for (const char* other : {"connection:2", "", "connection:1 "}) {
    auto opened = sealer.unseal(*sealed, other);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::unauthenticated);
  }
}

TEST(Sealer, WrongKeyIsUnauthenticated) {
  auto sealed = make_sealer(7).seal("secret", "connection:1");
  ASSERT_TRUE(sealed.ok());
  auto opened = make_sealer(8).unseal(*sealed, "connection:1");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::unauthenticated);
  EXPECT_THAT(opened.error().message, ::testing::Not(::testing::HasSubstr("secret")));
}

TEST(Sealer, FromKeyRefusesOtherLengths) {
  for (std::size_t size : {0u, 16u, 31u, 33u, 64u}) {
    auto sealer = Sealer::from_key(std::string(size, 'k'));
    ASSERT_FALSE(sealer.ok());
    EXPECT_EQ(sealer.error().code, ErrorCode::invalid_argument);
  }
}

}  // namespace
}  // namespace hsd::engine
