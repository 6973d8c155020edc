#include "cgi.hpp"

#include <Poco/String.h>

#include <iostream>
#include <map>

#include "process.hpp"

namespace hsd::fakes::github_detail {
namespace {

constexpr const char* kBackend = "/usr/lib/git-core/git-http-backend";

Reply parse_cgi_output(const std::string& out) {
  std::size_t split = out.find("\r\n\r\n");
  std::size_t body_at = split == std::string::npos ? std::string::npos : split + 4;
  if (const std::size_t lf = out.find("\n\n"); lf != std::string::npos && (split == std::string::npos || lf < split)) {
    split = lf;
    body_at = lf + 2;
  }
  if (split == std::string::npos) return Reply::text(502, "git-http-backend sent no header block\n");
  Reply reply;
  std::size_t pos = 0;
  while (pos < split) {
    std::size_t eol = out.find('\n', pos);
    if (eol == std::string::npos || eol > split) eol = split;
    std::string line = out.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string name = Poco::trim(line.substr(0, colon));
    const std::string value = Poco::trim(line.substr(colon + 1));
    if (Poco::icompare(name, "Status") == 0)
      reply.status = std::stoi(value);
    else if (Poco::icompare(name, "Content-Type") == 0)
      reply.content_type = value;
    else if (Poco::icompare(name, "Content-Length") != 0)
      reply.headers.emplace_back(name, value);
  }
  reply.body = out.substr(body_at);
  // libgit2 1.5.1 misreads an untyped body on a kept-alive connection.
  if (!reply.body.empty() && reply.content_type.empty()) reply.content_type = "text/plain; charset=utf-8";
  return reply;
}

}  // namespace

Reply run_git_http_backend(const CgiCall& call, const Request& request) {
  std::map<std::string, std::string> env{
      {"GIT_PROJECT_ROOT", call.project_root.string()},
      {"GIT_HTTP_EXPORT_ALL", "1"},
      {"PATH_INFO", call.path_info},
      {"REQUEST_METHOD", request.method},
      {"QUERY_STRING", request.query_string},
      {"CONTENT_TYPE", request.header("Content-Type")},
      {"CONTENT_LENGTH", std::to_string(request.body.size())},  // Poco already undid any chunking
      {"REMOTE_USER", call.remote_user},  // enables receive-pack, as http.receivepack is unset
      {"REMOTE_ADDR", "127.0.0.1"},
      {"SERVER_PROTOCOL", "HTTP/1.1"},
      {"GATEWAY_INTERFACE", "CGI/1.1"},
      {"GIT_CONFIG_NOSYSTEM", "1"},
      {"GIT_CONFIG_GLOBAL", "/dev/null"},
  };
  if (const std::string protocol = request.header("Git-Protocol"); !protocol.empty()) env["GIT_PROTOCOL"] = protocol;
  if (const std::string encoding = request.header("Content-Encoding"); !encoding.empty())
    env["HTTP_CONTENT_ENCODING"] = encoding;
  const ProcessResult result = run_process(kBackend, {}, call.project_root.string(), env, request.body);
  if (result.out.empty()) {
    std::cerr << "hsd-fake-github: git-http-backend exited " << result.exit_code << ": " << result.err << '\n';
    return Reply::text(500, "git-http-backend failed: " + result.err + "\n");
  }
  return parse_cgi_output(result.out);
}

}  // namespace hsd::fakes::github_detail
