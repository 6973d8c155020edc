// The service block's keys: durations, bounds, TLS paths, and errors that name the place.
#include <gmock/gmock.h>

#include "config_fixture.hpp"

namespace hsd::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST_F(ConfigTest, ReadsEveryServiceKey) {
  auto config = load(std::string(kMinimal) +
                     "service:\n"
                     "  threads: 32\n"
                     "  max_body_bytes: 4096\n"
                     "  header_timeout: 2s\n"
                     "  read_timeout: 5s\n"
                     "  idle_timeout: 90s\n"
                     "  write_timeout: 500ms\n"
                     "  tls_cert: tls/cert.pem\n"
                     "  tls_key: /etc/tls/key.pem\n"
                     "  job_lease: 2m\n"
                     "  job_poll: 250ms\n"
                     "  retry_backoff: 10s\n"
                     "  shutdown_grace: 0\n"
                     "  scheduler_tick: 1s\n"
                     "  refresh_ahead: 20m\n"
                     "  retrieve_interval: off\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  const auto& service = config->service;
  EXPECT_EQ(service.threads, 32);
  EXPECT_EQ(service.max_body_bytes, 4096);
  EXPECT_EQ(service.header_timeout, std::chrono::seconds(2));
  EXPECT_EQ(service.read_timeout, std::chrono::seconds(5));
  EXPECT_EQ(service.idle_timeout, std::chrono::seconds(90));
  EXPECT_EQ(service.write_timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(service.tls_cert, root_ / "tls" / "cert.pem");
  EXPECT_EQ(service.tls_key, std::filesystem::path("/etc/tls/key.pem"));
  EXPECT_EQ(service.job_lease, std::chrono::minutes(2));
  EXPECT_EQ(service.job_poll, std::chrono::milliseconds(250));
  EXPECT_EQ(service.retry_backoff, std::chrono::seconds(10));
  EXPECT_EQ(service.shutdown_grace, std::chrono::milliseconds(0));
  EXPECT_EQ(service.scheduler_tick, std::chrono::seconds(1));
  EXPECT_EQ(service.refresh_ahead, std::chrono::minutes(20));
  EXPECT_EQ(service.retrieve_interval, std::chrono::milliseconds(0));
}

TEST_F(ConfigTest, ServiceDefaultsWhenOmitted) {
  auto config = load(kMinimal);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->service.max_body_bytes, 1 << 20);
  EXPECT_EQ(config->service.job_lease, std::chrono::seconds(60));
  EXPECT_EQ(config->service.job_poll, std::chrono::seconds(1));
  EXPECT_EQ(config->service.header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(config->service.idle_timeout, std::chrono::seconds(60));
  EXPECT_EQ(config->service.retrieve_interval, std::chrono::hours(6));
  EXPECT_TRUE(config->service.tls_cert.empty());
}

// Browser sessions: defaults of 12h idle and 30 days in all, lifetimes in days, and a bounded
// number of concurrent password hashes.
TEST_F(ConfigTest, ReadsTheBrowserSessionKeys) {
  auto defaults = load(kMinimal);
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  EXPECT_EQ(defaults->service.session_idle_timeout, std::chrono::hours(12));
  EXPECT_EQ(defaults->service.session_lifetime, std::chrono::hours(30 * 24));
  EXPECT_EQ(defaults->service.password_hash_concurrency, 2);
  auto config = load(std::string(kMinimal) +
                     "service:\n  session_idle_timeout: 30m\n  session_lifetime: 7d\n  password_hash_concurrency: 4\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->service.session_idle_timeout, std::chrono::minutes(30));
  EXPECT_EQ(config->service.session_lifetime, std::chrono::hours(7 * 24));
  EXPECT_EQ(config->service.password_hash_concurrency, 4);
  for (const std::string bad : {"session_lifetime: 400d", "session_idle_timeout: 0", "password_hash_concurrency: 0"}) {
    auto refused = load(std::string(kMinimal) + "service:\n  " + bad + "\n");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_THAT(refused.error().message, HasSubstr("service." + bad.substr(0, bad.find(':')))) << bad;
  }
}

TEST_F(ConfigTest, TheWebUiFolderIsRelativeToTheRootAndItsSourceMapsAreOffByDefault) {
  auto defaults = load(kMinimal);
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  EXPECT_EQ(defaults->service.web_dir, root_ / "build" / "release" / "web");
  EXPECT_FALSE(defaults->service.web_source_maps);
  auto set = load(std::string(kMinimal) + "service:\n  web_dir: ui/dist\n  web_source_maps: true\n");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->service.web_dir, root_ / "ui" / "dist");
  EXPECT_TRUE(set->service.web_source_maps);
  auto bad = load(std::string(kMinimal) + "service:\n  web_source_maps: sometimes\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("service.web_source_maps"));
  EXPECT_THAT(bad.error().message, HasSubstr("expected true or false, got 'sometimes'"));
}

TEST_F(ConfigTest, ABadServiceDurationNamesItsPlaceAndKey) {
  auto config = load(std::string(kMinimal) + "service:\n  job_lease: soon\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error().message, StartsWith(at(3, 14) + "key path 'service.job_lease': "));
  EXPECT_THAT(config.error().message, HasSubstr("'soon'"));
  auto poll = load(std::string(kMinimal) + "service:\n  job_poll: often\n");
  ASSERT_FALSE(poll.ok());
  EXPECT_THAT(poll.error().message, StartsWith(at(3, 13) + "key path 'service.job_poll': "));
  EXPECT_THAT(poll.error().message, HasSubstr("'often'"));
}

TEST_F(ConfigTest, BadConnectionTimeoutsNameTheirPlaceAndKey) {
  // The HTTP server's deadlines: a header or idle timeout that is not a duration names its key.
  auto header = load(std::string(kMinimal) + "service:\n  header_timeout: later\n");
  ASSERT_FALSE(header.ok());
  EXPECT_THAT(header.error().message, StartsWith(at(3, 19) + "key path 'service.header_timeout': "));
  EXPECT_THAT(header.error().message, HasSubstr("got 'later'"));
  auto idle = load(std::string(kMinimal) + "service:\n  idle_timeout: -5s\n");
  ASSERT_FALSE(idle.ok());
  EXPECT_THAT(idle.error().message, StartsWith(at(3, 17) + "key path 'service.idle_timeout': "));
  auto long_one = load(std::string(kMinimal) + "service:\n  idle_timeout: 48h\n");
  ASSERT_FALSE(long_one.ok());
  EXPECT_THAT(long_one.error().message, HasSubstr("service.idle_timeout"));
}

TEST_F(ConfigTest, ZeroIsRefusedWhereItWouldMeanNothingWorks) {
  for (const char* key : {"job_lease", "job_poll", "header_timeout", "read_timeout", "idle_timeout", "scheduler_tick"}) {
    auto config = load(std::string(kMinimal) + "service:\n  " + key + ": 0\n");
    ASSERT_FALSE(config.ok()) << key;
    EXPECT_THAT(config.error().message, HasSubstr(std::string("service.") + key));
  }
}

TEST_F(ConfigTest, ServiceNumbersOutOfBoundsAreRefused) {
  auto threads = load(std::string(kMinimal) + "service: { threads: 0 }\n");
  ASSERT_FALSE(threads.ok());
  EXPECT_THAT(threads.error().message, HasSubstr("service.threads': expected an integer from 1 to 1024, got '0'"));
  auto body = load(std::string(kMinimal) + "service: { max_body_bytes: 12 }\n");
  ASSERT_FALSE(body.ok());
  EXPECT_THAT(body.error().message, HasSubstr("service.max_body_bytes"));
}

TEST_F(ConfigTest, TlsCertificateAndKeyGoTogether) {
  auto config = load(std::string(kMinimal) + "service:\n  tls_key: key.pem\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error().message, HasSubstr("tls_cert and tls_key go together"));
}

TEST_F(ConfigTest, ServiceKeysCanBeOverriddenFromTheEnvironment) {
  auto config = load(kMinimal, {{"HSD_SERVICE_JOB_LEASE", "5s"}, {"HSD_SERVICE_RETRIEVE_INTERVAL", "12h"}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->service.job_lease, std::chrono::seconds(5));
  EXPECT_EQ(config->service.retrieve_interval, std::chrono::hours(12));
  auto timeouts = load(kMinimal, {{"HSD_SERVICE_HEADER_TIMEOUT", "1s"}, {"HSD_SERVICE_IDLE_TIMEOUT", "5m"}});
  ASSERT_TRUE(timeouts.ok()) << timeouts.error().message;
  EXPECT_EQ(timeouts->service.header_timeout, std::chrono::seconds(1));
  EXPECT_EQ(timeouts->service.idle_timeout, std::chrono::minutes(5));
  auto bad_header = load(kMinimal, {{"HSD_SERVICE_HEADER_TIMEOUT", "soon"}});
  ASSERT_FALSE(bad_header.ok());
  EXPECT_THAT(bad_header.error().message, StartsWith("HSD_SERVICE_HEADER_TIMEOUT: key path 'service.header_timeout': "));
  auto bad = load(kMinimal, {{"HSD_SERVICE_JOB_LEASE", "forever"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, StartsWith("HSD_SERVICE_JOB_LEASE: key path 'service.job_lease': "));
}

}  // namespace
}  // namespace hsd::engine::testing
