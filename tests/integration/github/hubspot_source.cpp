#include "hubspot_source.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>
#include <stdexcept>

extern char** environ;

namespace hsd::testing {

HubSpotSource::HubSpotSource(bool staging) {
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  char* plain[] = {const_cast<char*>(HSD_FAKE_HUBSPOT_BIN), nullptr};
  char* variant[] = {const_cast<char*>(HSD_FAKE_HUBSPOT_BIN), const_cast<char*>("--portal-variant"),
                     const_cast<char*>("staging"), nullptr};
  char** argv = staging ? variant : plain;
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, HSD_FAKE_HUBSPOT_BIN, &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    throw std::runtime_error("cannot start " + std::string(HSD_FAKE_HUBSPOT_BIN));
  }
  pid_ = pid;
  out_fd_ = out_pipe[0];
  // The first line says where it listens (a blocking read: the helper prints it when ready).
  std::string line;
  char c = 0;
  while (::read(out_fd_, &c, 1) == 1 && c != '\n') line += c;
  std::istringstream words(line);
  std::string listening, on, hub_id_word;
  words >> listening >> on >> base_url_ >> hub_id_word >> hub_id_;
  const auto colon = base_url_.rfind(':');
  if (listening != "listening" || colon == std::string::npos) {
    throw std::runtime_error("the fake HubSpot did not start: '" + line + "'");
  }
  port_ = static_cast<std::uint16_t>(std::stoi(base_url_.substr(colon + 1)));
}

HubSpotSource::~HubSpotSource() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

std::string HubSpotSource::call(const std::string& method, const std::string& path, const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port_);
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (method == Poco::Net::HTTPRequest::HTTP_POST) {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
  } else {
    session.sendRequest(request);
  }
  Poco::Net::HTTPResponse response;
  std::string answer;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
  if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
    throw std::runtime_error(method + " " + path + " answered " + std::to_string(response.getStatus()) + ": " + answer);
  }
  return answer;
}

void HubSpotSource::add_private_app_token(const std::string& token, const std::vector<std::string>& scopes) {
  Poco::JSON::Object body;
  body.set("token", token);
  if (!scopes.empty()) {
    Poco::JSON::Array list;
    for (const auto& s : scopes) list.add(s);
    body.set("scopes", list);
  }
  std::ostringstream text;
  body.stringify(text);
  call(Poco::Net::HTTPRequest::HTTP_POST, "/__fake/private-app-tokens", text.str());
}

int HubSpotSource::change_portal() {
  auto answer = call(Poco::Net::HTTPRequest::HTTP_POST, "/__fake/change", "{}");
  return Poco::JSON::Parser().parse(answer).extract<Poco::JSON::Object::Ptr>()->getValue<int>("revision");
}

std::vector<fakes::ExpectedObject> HubSpotSource::expected_objects() {
  auto answer = call(Poco::Net::HTTPRequest::HTTP_GET, "/__fake/expected", "");
  auto objects = Poco::JSON::Parser().parse(answer).extract<Poco::JSON::Object::Ptr>()->getArray("objects");
  std::vector<fakes::ExpectedObject> out;
  for (unsigned i = 0; objects && i < objects->size(); ++i) {
    auto o = objects->getObject(i);
    out.push_back({o->getValue<std::string>("type"), o->getValue<std::string>("id"),
                   o->getValue<std::string>("name"), o->getValue<std::string>("json")});
  }
  return out;
}

std::vector<fakes::PlantedDifference> HubSpotSource::planted() {
  auto answer = call(Poco::Net::HTTPRequest::HTTP_GET, "/__fake/planted", "");
  auto list = Poco::JSON::Parser().parse(answer).extract<Poco::JSON::Array::Ptr>();
  std::vector<fakes::PlantedDifference> out;
  for (unsigned i = 0; list && i < list->size(); ++i) {
    auto o = list->getObject(i);
    fakes::PlantedDifference p;
    p.type = o->getValue<std::string>("type");
    p.key = o->getValue<std::string>("key");
    const auto kind = o->getValue<std::string>("kind");
    p.kind = kind == "added"     ? fakes::PlantedDifference::Kind::kAdded
             : kind == "removed" ? fakes::PlantedDifference::Kind::kRemoved
             : kind == "changed" ? fakes::PlantedDifference::Kind::kChanged
                                 : fakes::PlantedDifference::Kind::kAmbiguous;
    if (auto paths = o->getArray("paths")) {
      for (unsigned j = 0; j < paths->size(); ++j) p.paths.push_back(paths->getElement<std::string>(j));
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace hsd::testing
