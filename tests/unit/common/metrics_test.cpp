#include "hsd/engine/metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace hsd::engine::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, CounterRendersHelpTypeAndSortedSamples) {
  Registry registry;
  auto& requests = registry.counter("http_requests_total", "HTTP requests served.",
                                    {"method", "path", "status"});
  requests.with({"POST", "/api/v1/jobs", "201"}).inc();
  requests.with({"GET", "/api/v1/x", "200"}).inc(2);
  requests.with({"GET", "/api/v1/x", "200"}).inc();
  requests.with({"GET", "/api/v1/a", "404"}).inc(0.5);

  EXPECT_EQ(registry.render(),
            "# HELP http_requests_total HTTP requests served.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{method=\"GET\",path=\"/api/v1/a\",status=\"404\"} 0.5\n"
            "http_requests_total{method=\"GET\",path=\"/api/v1/x\",status=\"200\"} 3\n"
            "http_requests_total{method=\"POST\",path=\"/api/v1/jobs\",status=\"201\"} 1\n");
  EXPECT_EQ(requests.with({"GET", "/api/v1/x", "200"}).value(), 3);
}

TEST(MetricsTest, CounterRejectsNegativeIncrement) {
  Registry registry;
  auto& cell = registry.counter("c_total", "c").with({});
  EXPECT_THROW(cell.inc(-1), std::invalid_argument);
  EXPECT_THROW(cell.inc(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_EQ(cell.value(), 0);
}

TEST(MetricsTest, FamiliesAreSortedByNameAndUnlabelledOnesStartAtZero) {
  Registry registry;
  registry.gauge("zeta", "last");
  registry.counter("alpha_total", "first");
  registry.counter("labelled_total", "not shown until a cell exists", {"kind"});

  EXPECT_EQ(registry.render(),
            "# HELP alpha_total first\n"
            "# TYPE alpha_total counter\n"
            "alpha_total 0\n"
            "# HELP zeta last\n"
            "# TYPE zeta gauge\n"
            "zeta 0\n");
}

TEST(MetricsTest, GaugeSetIncDecAndSpecialValues) {
  Registry registry;
  auto& gauge = registry.gauge("g", "", {"k"});
  auto& a = gauge.with({"a"});
  a.set(10);
  a.inc(2.5);
  a.dec();
  EXPECT_EQ(a.value(), 11.5);
  gauge.with({"b"}).set(1000000);
  gauge.with({"c"}).set(0.005);
  gauge.with({"d"}).set(std::numeric_limits<double>::infinity());
  gauge.with({"e"}).set(-std::numeric_limits<double>::infinity());
  gauge.with({"f"}).set(std::numeric_limits<double>::quiet_NaN());
  gauge.with({"g"}).set(-3);
  gauge.with({"h"}).set(1e20);
  gauge.with({"i"}).set(-0.0);

  // No HELP line for an empty help text.
  EXPECT_EQ(registry.render(),
            "# TYPE g gauge\n"
            "g{k=\"a\"} 11.5\n"
            "g{k=\"b\"} 1000000\n"
            "g{k=\"c\"} 0.005\n"
            "g{k=\"d\"} +Inf\n"
            "g{k=\"e\"} -Inf\n"
            "g{k=\"f\"} NaN\n"
            "g{k=\"g\"} -3\n"
            "g{k=\"h\"} 1e+20\n"
            "g{k=\"i\"} 0\n");
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  Registry registry;
  registry.counter("esc_total", "a \\ backslash\nand \"quotes\"", {"v"})
      .with({"back\\slash \"quoted\"\nnext"})
      .inc();

  EXPECT_EQ(registry.render(),
            "# HELP esc_total a \\\\ backslash\\nand \"quotes\"\n"
            "# TYPE esc_total counter\n"
            "esc_total{v=\"back\\\\slash \\\"quoted\\\"\\nnext\"} 1\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry registry;
  auto& latency = registry.histogram("latency_seconds", "Latency.", {"route"}, {0.25, 0.5, 1});
  auto& cell = latency.with({"/x"});
  cell.observe(0.125);
  cell.observe(0.25);  // bounds are inclusive
  cell.observe(0.375);
  cell.observe(2);
  cell.observe(0.75);

  EXPECT_EQ(cell.count(), 5u);
  EXPECT_EQ(cell.sum(), 3.5);
  EXPECT_EQ(cell.cumulative_counts(), (std::vector<std::uint64_t>{2, 3, 4, 5}));
  EXPECT_EQ(registry.render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/x\",le=\"0.25\"} 2\n"
            "latency_seconds_bucket{route=\"/x\",le=\"0.5\"} 3\n"
            "latency_seconds_bucket{route=\"/x\",le=\"1\"} 4\n"
            "latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 5\n"
            "latency_seconds_sum{route=\"/x\"} 3.5\n"
            "latency_seconds_count{route=\"/x\"} 5\n");
}

TEST(MetricsTest, HistogramDefaultBucketsAndNoLabels) {
  Registry registry;
  auto& histogram = registry.histogram("request_seconds", "r");
  EXPECT_EQ(histogram.bounds(), http_latency_buckets());
  histogram.with({}).observe(0.003);

  std::string text = registry.render();
  EXPECT_THAT(text, HasSubstr("request_seconds_bucket{le=\"0.0005\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("request_seconds_bucket{le=\"0.0025\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("request_seconds_bucket{le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("request_seconds_bucket{le=\"10\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("request_seconds_bucket{le=\"+Inf\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("request_seconds_sum 0.003\n"));
  EXPECT_THAT(text, HasSubstr("request_seconds_count 1\n"));
}

TEST(MetricsTest, HistogramRejectsBadBuckets) {
  Registry registry;
  EXPECT_THROW(registry.histogram("h1", "", {}, {1, 0.5}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h2", "", {}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h3", "", {"le"}, {1}), std::invalid_argument);
  // A trailing +Inf is implied, so giving it is harmless.
  auto& h = registry.histogram("h4", "", {}, {1, std::numeric_limits<double>::infinity()});
  EXPECT_EQ(h.bounds(), std::vector<double>{1});
}

TEST(MetricsTest, ReRegistrationReturnsTheSameFamily) {
  Registry registry;
  auto& first = registry.counter("jobs_total", "Jobs.", {"kind"});
  auto& second = registry.counter("jobs_total", "Jobs.", {"kind"});
  EXPECT_EQ(&first, &second);
  first.with({"sync"}).inc();
  EXPECT_EQ(second.with({"sync"}).value(), 1);
  EXPECT_EQ(&first.with({"sync"}), &second.with({"sync"}));

  auto& h1 = registry.histogram("h_seconds", "", {}, {1, 2});
  EXPECT_EQ(&h1, &registry.histogram("h_seconds", "", {}, {1, 2}));
}

TEST(MetricsTest, ReRegistrationMismatchThrowsLogicError) {
  Registry registry;
  registry.counter("x_total", "x", {"a"});
  EXPECT_THROW(registry.gauge("x_total", "x", {"a"}), std::logic_error);
  EXPECT_THROW(registry.counter("x_total", "x", {"b"}), std::logic_error);
  EXPECT_THROW(registry.counter("x_total", "x", {"a", "b"}), std::logic_error);
  EXPECT_THROW(registry.histogram("x_total", "x", {"a"}), std::logic_error);

  registry.histogram("h_seconds", "", {}, {1, 2});
  EXPECT_THROW(registry.histogram("h_seconds", "", {}, {1, 3}), std::logic_error);

  registry.add_gauge_callback("cb", "", {}, [] { return Registry::GaugeSamples{}; });
  EXPECT_THROW(registry.gauge("cb", "", {}), std::logic_error);
  EXPECT_THROW(registry.add_gauge_callback("x_total", "", {}, {}), std::logic_error);
  try {
    registry.gauge("x_total", "x", {"a"});
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("x_total"));
    EXPECT_THAT(e.what(), HasSubstr("counter"));
  }
}

TEST(MetricsTest, WrongLabelCountThrowsNamingTheMetric) {
  Registry registry;
  auto& counter = registry.counter("http_requests_total", "", {"method", "path", "status"});
  try {
    counter.with({"GET", "/x"});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("http_requests_total"));
    EXPECT_THAT(e.what(), HasSubstr("got 2"));
  }
  EXPECT_THROW(registry.gauge("g", "", {"a"}).with({}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h", "", {}).with({"extra"}), std::invalid_argument);
}

TEST(MetricsTest, InvalidNamesThrow) {
  Registry registry;
  EXPECT_THROW(registry.counter("", ""), std::invalid_argument);
  EXPECT_THROW(registry.counter("1abc", ""), std::invalid_argument);
  EXPECT_THROW(registry.counter("a-b", ""), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok", "", {"bad label"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok", "", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok", "", {"a", "a"}), std::invalid_argument);
  EXPECT_NO_THROW(registry.counter("ns:ok_total", "", {"_a1"}));
}

TEST(MetricsTest, CallbackGaugeIsComputedAtScrapeTime) {
  Registry registry;
  int queued = 2;
  registry.add_gauge_callback("jobs", "Jobs by state.", {"state"}, [&] {
    return Registry::GaugeSamples{{{"running"}, 1}, {{"queued"}, static_cast<double>(queued)}};
  });

  EXPECT_EQ(registry.render(),
            "# HELP jobs Jobs by state.\n"
            "# TYPE jobs gauge\n"
            "jobs{state=\"queued\"} 2\n"
            "jobs{state=\"running\"} 1\n");
  queued = 7;
  EXPECT_THAT(registry.render(), HasSubstr("jobs{state=\"queued\"} 7\n"));
}

TEST(MetricsTest, FailingCallbackGaugeIsSkippedAndTheScrapeSurvives) {
  Registry registry;
  registry.counter("before_total", "").with({}).inc();
  registry.add_gauge_callback("broken", "", {"state"}, []() -> Registry::GaugeSamples {
    throw std::runtime_error("database is locked");
  });
  registry.add_gauge_callback("non_std_throw", "", {}, []() -> Registry::GaugeSamples {
    throw 42;
  });
  registry.add_gauge_callback("wrong_labels", "", {"state"}, [] {
    return Registry::GaugeSamples{{{"a", "b"}, 1}};
  });
  registry.add_gauge_callback("duplicate", "", {"state"}, [] {
    return Registry::GaugeSamples{{{"a"}, 1}, {{"a"}, 2}};
  });
  registry.gauge("zzz", "").with({}).set(4);

  std::string text;
  ASSERT_NO_THROW(text = registry.render());
  EXPECT_EQ(text,
            "# TYPE before_total counter\n"
            "before_total 1\n"
            "# TYPE zzz gauge\n"
            "zzz 4\n");
  EXPECT_THAT(text, Not(HasSubstr("broken")));
}

TEST(MetricsTest, ConcurrentUpdatesSumExactly) {
  Registry registry;
  auto& counter = registry.counter("hits_total", "", {"worker"});
  auto& gauge = registry.gauge("level", "");
  auto& histogram = registry.histogram("h_seconds", "", {}, {0.5});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Half the threads share one cell; the rest race to create their own.
      auto& shared = counter.with({"shared"});
      for (int i = 0; i < kPerThread; ++i) {
        shared.inc();
        counter.with({"w" + std::to_string(t % 2)}).inc();
        gauge.with({}).inc();
        gauge.with({}).dec(0.5);
        histogram.with({}).observe(i % 2 == 0 ? 0.25 : 1);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  constexpr double kTotal = static_cast<double>(kThreads) * kPerThread;
  EXPECT_EQ(counter.with({"shared"}).value(), kTotal);
  EXPECT_EQ(counter.with({"w0"}).value() + counter.with({"w1"}).value(), kTotal);
  EXPECT_EQ(gauge.with({}).value(), kTotal / 2);
  auto& cell = histogram.with({});
  EXPECT_EQ(cell.count(), static_cast<std::uint64_t>(kTotal));
  EXPECT_EQ(cell.cumulative_counts().front(), static_cast<std::uint64_t>(kTotal / 2));
  EXPECT_EQ(cell.sum(), kTotal / 2 * 0.25 + kTotal / 2 * 1);
  EXPECT_THAT(registry.render(), HasSubstr("hits_total{worker=\"shared\"} 160000\n"));
}

TEST(MetricsTest, GlobalRegistryIsASingleton) {
  EXPECT_EQ(&Registry::global(), &Registry::global());
}

}  // namespace
}  // namespace hsd::engine::metrics
