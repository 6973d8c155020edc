// Several plugin threads report on one call at once, as HubSpot's concurrent page fetches do:
// log, progress, emit_object, set_output, set_error and http_send all land on the same
// CallContext. Under ThreadSanitizer (scripts/test-tsan) this must run without a race; in any
// build the call's outcome must be one of the values written, never a torn mix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "../net/test_server.hpp"
#include "hsd/engine/call_context.hpp"
#include "hsd/engine/http_client.hpp"
#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {
namespace {

using ::testing::MatchesRegex;

constexpr int kThreads = 4;
constexpr int kRounds = 40;
constexpr int kHttpEvery = 8;  // rounds between two pairs of requests (one answered, one refused)

hsd_str_view view(const std::string& s) { return {s.data(), s.size()}; }

// The engine's side of a retrieval's call: objects and progress are counted under its own
// lock, as PluginCall guards its writer. Objects of type "refused" go to the default
// CallContext::on_object, which refuses them by setting the call's error: the write that
// used to race with the host table's set_error.
class RetrievalCall : public CallContext {
 public:
  hsd_status on_object(const hsd_object& object) override {
    if (std::string_view(object.type.data, object.type.size) == "refused") return CallContext::on_object(object);
    std::lock_guard lock(mutex_);
    ++objects_;
    return HSD_OK;
  }
  void on_progress(std::string_view, std::uint64_t, std::uint64_t) override {
    std::lock_guard lock(mutex_);
    ++progress_;
  }
  int objects() const {
    std::lock_guard lock(mutex_);
    return objects_;
  }
  int progress() const {
    std::lock_guard lock(mutex_);
    return progress_;
  }

 private:
  mutable std::mutex mutex_;
  int objects_ = 0;
  int progress_ = 0;
};

// What one plugin thread saw of its requests.
struct Exchange {
  int answered = 0;
  int described = 0;  // transport failures described to on_failure
  std::string failure_code;
  std::string failure_message;
};

hsd_status send(const hsd_host_api& host, hsd_call* call, const std::string& url, Exchange& exchange) {
  hsd_http_request request{};
  request.struct_size = sizeof(request);
  const std::string method = "GET";
  request.method = view(method);
  request.url = view(url);
  request.timeout_ms = 5000;
  request.header_size = sizeof(hsd_http_header);
  request.on_failure = [](void* user, const hsd_error* error) noexcept {
    auto& out = *static_cast<Exchange*>(user);
    ++out.described;
    out.failure_code.assign(error->code.data, error->code.size);
    out.failure_message.assign(error->message.data, error->message.size);
  };
  return host.http_send(
      call, &request,
      [](void* user, const hsd_http_response* response) noexcept -> hsd_status {
        if (response->status == 200) ++static_cast<Exchange*>(user)->answered;
        return HSD_OK;
      },
      &exchange);
}

Poco::UInt16 refusing_port() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  return probe.address().port();
}  // closed on return: nothing listens there any more

TEST(HostApiConcurrency, PluginThreadsReportOnOneCallAtOnce) {
  testing::TestServer server([](auto&, auto& response) {
    response.setContentLength(2);
    response.send() << "{}";
  });
  const std::string answered_url = "http://127.0.0.1:" + std::to_string(server.port()) + "/page";
  const std::string refused_peer = "127.0.0.1:" + std::to_string(refusing_port());
  const std::string refused_url = "http://" + refused_peer + "/page";

  HttpClient client;
  RetrievalCall call;
  call.plugin_id = "concurrency_test";
  call.http = &client;
  const hsd_host_api& host = PluginHost::host_api();

  std::atomic<bool> running{true};
  std::atomic<int> outcomes_read{0};
  // The engine may look at the call's outcome while the plugin's threads still write it.
  std::thread reader([&] {
    while (running.load()) {
      const auto error = call.error();
      const std::string output = call.output();
      if (error) {
        EXPECT_FALSE(error->message.empty());
      }
      if (!output.empty()) {
        EXPECT_EQ(output.front(), '{');
      }
      ++outcomes_read;
    }
  });

  std::vector<Exchange> exchanges(kThreads);
  std::vector<std::thread> plugin_threads;
  for (int t = 0; t < kThreads; ++t) {
    plugin_threads.emplace_back([&, t] {
      Exchange& exchange = exchanges[t];
      for (int k = 0; k < kRounds; ++k) {
        const std::string tag = std::to_string(t) + "-" + std::to_string(k);
        if (k % kHttpEvery == 0) {
          host.log(&call, HSD_LOG_INFO, view("thread " + tag + " fetches a page"));
          EXPECT_EQ(send(host, &call, answered_url, exchange), HSD_OK);
          EXPECT_EQ(send(host, &call, refused_url, exchange), HSD_ERR_UNAVAILABLE);
        }
        host.progress(&call, view(std::string("pages")), static_cast<uint64_t>(k), kRounds);
        const std::string type = k % 2 == 0 ? "page" : "refused";
        const std::string id = "object-" + tag;
        const std::string data = "{\"id\":\"" + id + "\"}";
        hsd_object object{};
        object.struct_size = sizeof(object);
        object.type = view(type);
        object.id = view(id);
        object.data_json = view(data);
        EXPECT_EQ(host.emit_object(&call, &object), k % 2 == 0 ? HSD_OK : HSD_ERR_INVALID_ARGUMENT);
        const std::string output = "{\"thread\":\"" + tag + "\"}";
        host.set_output(&call, view(output));
        const std::string message = "thread " + tag + " gave up";
        const std::string code = "GAVE_UP";
        hsd_error error{};
        error.struct_size = sizeof(error);
        error.status = HSD_ERR_UNAVAILABLE;
        error.retryable = 1;
        error.code = view(code);
        error.message = view(message);
        host.set_error(&call, &error);
      }
    });
  }
  for (auto& thread : plugin_threads) thread.join();
  running = false;
  reader.join();

  EXPECT_GT(outcomes_read.load(), 0);
  EXPECT_EQ(call.objects(), kThreads * kRounds / 2);
  EXPECT_EQ(call.progress(), kThreads * kRounds);
  for (const auto& exchange : exchanges) {
    EXPECT_EQ(exchange.answered, kRounds / kHttpEvery);
    EXPECT_EQ(exchange.described, kRounds / kHttpEvery);
    EXPECT_EQ(exchange.failure_code, "connection_refused");
    EXPECT_EQ(exchange.failure_message, "connection refused by " + refused_peer);
  }
  // Whichever write came last, it arrived whole.
  EXPECT_THAT(call.output(), MatchesRegex("\\{\"thread\":\"[0-3]-[0-9]+\"\\}"));
  const auto error = call.error();
  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->message, MatchesRegex("thread [0-3]-[0-9]+ gave up"));
  EXPECT_EQ(error->reason, "GAVE_UP");
  EXPECT_EQ(error->code, ErrorCode::unavailable);
  // take_error() hands the error over once.
  EXPECT_TRUE(call.take_error().has_value());
  EXPECT_FALSE(call.error().has_value());
}

TEST(HostApiConcurrency, TransportFailuresAreDescribedOnlyToRequestsThatHaveTheField) {
  const std::string url = "http://127.0.0.1:" + std::to_string(refusing_port()) + "/x";
  HttpClient client;
  CallContext call;
  call.http = &client;
  const hsd_host_api& host = PluginHost::host_api();

  // A 1.1 plugin's request ends before on_failure: the host must not read past it.
  hsd_http_request old{};
  old.struct_size = offsetof(hsd_http_request, on_failure);
  const std::string method = "GET";
  old.method = view(method);
  old.url = view(url);
  old.on_failure = [](void*, const hsd_error*) noexcept { ADD_FAILURE() << "on_failure read past struct_size"; };
  const hsd_status status = host.http_send(
      &call, &old, [](void*, const hsd_http_response*) noexcept -> hsd_status { return HSD_OK; }, nullptr);
  EXPECT_EQ(status, HSD_ERR_UNAVAILABLE);
  // The engine keeps the failure with its code either way.
  const auto error = call.error();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->reason, "connection_refused");
  EXPECT_THAT(error->message, ::testing::HasSubstr("failed: connection refused by 127.0.0.1:"));
}

}  // namespace
}  // namespace hsd::engine
