#include "answer_recorder.hpp"

#include <Poco/JSON/Object.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "service_harness.hpp"

namespace hsd::testing {

void record_answer(const std::string& method, const std::string& path_and_query, const HttpReply& reply) {
  const char* dir = std::getenv("HSD_OPENAPI_ANSWERS_DIR");
  if (!dir || !*dir) return;
  Poco::JSON::Object line;
  line.set("method", method);
  line.set("path", path_and_query);
  line.set("status", reply.status);
  const auto type = reply.headers.find("content-type");
  line.set("content_type", type == reply.headers.end() ? std::string() : type->second);
  line.set("body", reply.body);
  std::ostringstream text;
  line.stringify(text);
  // One file per process, so that test processes running at once never share one; a mutex for
  // the tests that call the service from several threads.
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  std::filesystem::create_directories(dir);
  std::ofstream out(std::filesystem::path(dir) / ("answers-" + std::to_string(::getpid()) + ".jsonl"), std::ios::app);
  out << text.str() << '\n';
}

}  // namespace hsd::testing
