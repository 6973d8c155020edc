// `admin bootstrap` and `tokens`: their bad forms answer exit 2 naming the option, refusals
// change nothing, and a token is shown once and never listed.
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service_harness.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Poco::JSON::Array::Ptr token_list(const CliRunner& cli) {
  auto listed = cli.run({"tokens", "list", "--output", "json"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  return Poco::JSON::Parser().parse(listed.out).extract<Poco::JSON::Array::Ptr>();
}

TEST(CliIdentity, BootstrapNeedsAWorkspaceAndAnEmail) {
  ServiceUnderTest service("cli_bootstrap_usage");
  const auto& cli = service.cli();
  auto no_email = cli.run({"admin", "bootstrap", "--workspace", "acme"});
  EXPECT_EQ(no_email.exit_code, 2);
  EXPECT_THAT(no_email.err, HasSubstr("--email is required"));
  auto bad_email = cli.run({"admin", "bootstrap", "--workspace", "acme", "--email", "not-an-address"});
  EXPECT_EQ(bad_email.exit_code, 2);
  EXPECT_THAT(bad_email.err, HasSubstr("--email: 'not-an-address' is not an e-mail address"));
  auto unknown = cli.run({"admin", "promote"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("allowed: bootstrap"));
  EXPECT_EQ(token_list(cli)->size(), 0u);
}

TEST(CliIdentity, ASecondBootstrapOfAWorkspaceIsRefusedAndIssuesNoToken) {
  ServiceUnderTest service("cli_bootstrap_twice");
  service.bootstrap("acme", "owner@acme.test");
  auto again = service.cli().run({"admin", "bootstrap", "--workspace", "acme", "--email", "other@acme.test"});
  EXPECT_EQ(again.exit_code, 2);  // a conflict is bad input
  EXPECT_THAT(again.err, HasSubstr("already has an owner"));
  EXPECT_EQ(token_list(service.cli())->size(), 1u);
}

TEST(CliIdentity, TokensAreShownOnceListedWithoutSecretsAndRevocable) {
  ServiceUnderTest service("cli_tokens");
  auto owner = service.bootstrap("acme", "Owner@Acme.test");
  const std::string second = service.create_token("owner@acme.test");  // e-mails match in any case
  auto listed = service.cli().run({"tokens", "list", "--output", "json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, Not(HasSubstr(owner.token)));
  EXPECT_THAT(listed.out, Not(HasSubstr(second)));
  EXPECT_THAT(listed.out, Not(HasSubstr("hash")));
  auto tokens = token_list(service.cli());
  ASSERT_EQ(tokens->size(), 2u);
  const auto id = tokens->getObject(1)->getValue<std::int64_t>("id");
  EXPECT_TRUE(tokens->getObject(1)->isNull("revoked_at"));

  auto revoked = service.cli().run({"tokens", "revoke", std::to_string(id)});
  EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_FALSE(token_list(service.cli())->getObject(1)->isNull("revoked_at"));
  EXPECT_TRUE(token_list(service.cli())->getObject(0)->isNull("revoked_at"));
}

TEST(CliIdentity, BadTokenCommandsAreUsageErrorsAndChangeNothing) {
  ServiceUnderTest service("cli_tokens_bad");
  service.bootstrap("acme", "owner@acme.test");
  const auto& cli = service.cli();
  auto nobody = cli.run({"tokens", "create", "--email", "stranger@acme.test"});
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_THAT(nobody.err, HasSubstr("--email: no user has the e-mail 'stranger@acme.test'"));
  auto not_an_id = cli.run({"tokens", "revoke", "first"});
  EXPECT_EQ(not_an_id.exit_code, 2);
  EXPECT_THAT(not_an_id.err, HasSubstr("ID must be a token id"));
  auto missing = cli.run({"tokens", "revoke", "999"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("999"));
  auto unknown = cli.run({"tokens", "rotate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("allowed: create, list, revoke"));
  auto tokens = token_list(cli);
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_TRUE(tokens->getObject(0)->isNull("revoked_at"));
}

}  // namespace
}  // namespace hsd::testing
