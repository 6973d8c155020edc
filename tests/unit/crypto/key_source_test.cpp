#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "hsd/engine/sealer.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

class KeySourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hsd_crypto_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static unsigned mode_of(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0);
    return info.st_mode & 07777;
  }
  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  static void write(const std::filesystem::path& path, const std::string& text, mode_t mode) {
    std::ofstream(path) << text;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }

  std::filesystem::path dir_;
};

// Seals with one Sealer and opens with another: equal keys are the only way that works.
bool same_key(const Sealer& a, const Sealer& b) {
  auto sealed = a.seal("probe", "ad");
  if (!sealed.ok()) return false;
  auto opened = b.unseal(*sealed, "ad");
  return opened.ok() && *opened == "probe";
}

TEST_F(KeySourceTest, CreatesAMissingKeyFileWithMode0600AndReusesIt) {
  const auto key_file = dir_ / "var" / "nested" / "secret.key";
  auto first = Sealer::open("", key_file);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(std::filesystem::exists(key_file));
  EXPECT_EQ(mode_of(key_file), 0600u);
  EXPECT_EQ(mode_of(key_file.parent_path()) & 077u, 0u);
  // base64 of 32 bytes: 44 characters plus a newline.
  std::string text = read(key_file);
  EXPECT_EQ(text.size(), 45u);
  auto second = Sealer::open("", key_file);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(same_key(*first, *second));
  // No temporary files are left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(key_file.parent_path()),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(KeySourceTest, TwoFreshKeyFilesDiffer) {
  auto a = Sealer::open("", dir_ / "a.key");
  auto b = Sealer::open("", dir_ / "b.key");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(same_key(*a, *b));
}

TEST_F(KeySourceTest, RefusesAKeyFileReadableByOthers) {
  const auto key_file = dir_ / "secret.key";
  ASSERT_TRUE(Sealer::open("", key_file).ok());
  ASSERT_EQ(::chmod(key_file.c_str(), 0644), 0);
  auto sealer = Sealer::open("", key_file);
  ASSERT_FALSE(sealer.ok());
  EXPECT_EQ(sealer.error().code, ErrorCode::permission_denied);
  EXPECT_THAT(sealer.error().message, HasSubstr(key_file.string()));
  EXPECT_THAT(sealer.error().message, HasSubstr("chmod 600 " + key_file.string()));
  EXPECT_THAT(sealer.error().message, ::testing::Not(HasSubstr(read(key_file).substr(0, 44))));
}

TEST_F(KeySourceTest, RefusesAKeyFileOfTheWrongLength) {
  const auto key_file = dir_ / "secret.key";
  // base64 of 16 bytes: a valid encoding of the wrong size.
  write(key_file, "MDEyMzQ1Njc4OWFiY2RlZg==\n", 0600);
  auto sealer = Sealer::open("", key_file);
  ASSERT_FALSE(sealer.ok());
  EXPECT_EQ(sealer.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(sealer.error().message, HasSubstr(key_file.string()));
  EXPECT_THAT(sealer.error().message, HasSubstr("32 bytes"));

  write(key_file, "not base64 at all\n", 0600);
  EXPECT_FALSE(Sealer::open("", key_file).ok());
}

TEST_F(KeySourceTest, EnvironmentKeyAsHexOrBase64) {
  const std::string hex = "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F";
  const std::string b64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  auto from_hex = Sealer::open(hex, dir_ / "unused.key");
  auto from_b64 = Sealer::open(b64, dir_ / "unused.key");
  ASSERT_TRUE(from_hex.ok()) << from_hex.error().message;
  ASSERT_TRUE(from_b64.ok()) << from_b64.error().message;
  EXPECT_TRUE(same_key(*from_hex, *from_b64));
  std::string raw;
  for (int i = 0; i < 32; ++i) raw += static_cast<char>(i);
  auto direct = Sealer::from_key(raw);
  ASSERT_TRUE(direct.ok());
  EXPECT_TRUE(same_key(*direct, *from_hex));
  // The environment key wins: no key file is created.
  EXPECT_FALSE(std::filesystem::exists(dir_ / "unused.key"));
}

TEST_F(KeySourceTest, BadEnvironmentKeyNamesTheVariableNotTheValue) {
  for (const std::string& bad : {std::string("short"), std::string(64, 'g'), std::string(63, 'a'),
                                 std::string("MDEyMzQ1Njc4OWFiY2RlZg==")}) {
    auto sealer = Sealer::open(bad, dir_ / "unused.key");
    ASSERT_FALSE(sealer.ok()) << bad;
    EXPECT_EQ(sealer.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(sealer.error().message, HasSubstr("HSD_SECRET_KEY"));
    EXPECT_THAT(sealer.error().message, ::testing::Not(HasSubstr(bad)));
  }
}

}  // namespace
}  // namespace hsd::engine
