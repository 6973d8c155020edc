// scrypt password hashes: the stored form names its parameters, a right password verifies and
// a wrong one does not, and a damaged or hostile stored string is refused without work.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/password_hash.hpp"

namespace hsd::engine {
namespace {

using ::testing::MatchesRegex;

TEST(PasswordHash, IsSelfDescribingSaltedAndVerifies) {
  const std::string hash = hash_password("correct horse battery");
  EXPECT_THAT(hash, MatchesRegex(R"(\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43})"));
  EXPECT_TRUE(verify_password("correct horse battery", hash));
  EXPECT_FALSE(verify_password("correct horse batterY", hash));
  EXPECT_FALSE(verify_password("", hash));
  // A new salt each time: the same password never hashes to the same string.
  EXPECT_NE(hash_password("correct horse battery"), hash);
}

TEST(PasswordHash, OtherParametersStillVerifyFromTheStoredString) {
  const std::string cheap = hash_password("pässwörd ✓ unicode", ScryptParams{10, 4, 2});
  EXPECT_THAT(cheap, ::testing::StartsWith("$scrypt$ln=10,r=4,p=2$"));
  EXPECT_TRUE(verify_password("pässwörd ✓ unicode", cheap));
  EXPECT_FALSE(verify_password("passwORD", cheap));
}

TEST(PasswordHash, RefusesEmptyDamagedOrHostileStoredStrings) {
  const std::string good = hash_password("correct horse battery", ScryptParams{10, 8, 1});
  for (const std::string& bad : {std::string(), std::string("plain text"), std::string("$scrypt$ln=10,r=8$c2FsdA$a2V5"),
                                std::string("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$a2V5"),
                                // 2^40 blocks would be terabytes: refused before any allocation.
                                "$scrypt$ln=40,r=8,p=1$" + good.substr(good.find("$", 20) + 1),
                                good.substr(0, good.size() - 10), good + "!"}) {
    EXPECT_FALSE(verify_password("correct horse battery", bad)) << bad;
  }
}

TEST(PasswordHash, TheDummyHashIsMadeOnceWithTheCurrentParameters) {
  const std::string& dummy = dummy_password_hash();
  EXPECT_THAT(dummy, ::testing::StartsWith("$scrypt$ln=15,r=8,p=1$"));
  EXPECT_EQ(&dummy, &dummy_password_hash());
  EXPECT_FALSE(verify_password("", dummy));
}

}  // namespace
}  // namespace hsd::engine
