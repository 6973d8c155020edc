// Bad requests over real HTTP against the real `hsdeploy serve`: malformed or non-object JSON
// bodies, unknown fields, wrong types, missing fields, bodies over service.max_body_bytes, bad
// query values, unknown plugins, refused provider tokens, non-numeric ids and wrong methods.
// Each answers its status and error code, names the field at fault, and changes nothing.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "answer_recorder.hpp"
#include "service_harness.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

constexpr std::int64_t kMaxBody = 2048;

std::string str(std::int64_t value) { return std::to_string(value); }

struct BadRequest {
  std::string method;
  std::string path;
  std::optional<std::string> body;
  int status;
  std::string code;     // error.code
  std::string field;    // error.details.field; empty: none expected
  std::string mention;  // a text the message must contain (the field, when one is named)
};

// The whole answer of a raw HTTP/1.1 exchange: for requests the client library will not send
// (a Content-Length that promises more than is sent).
HttpReply raw_exchange(const std::string& base_url, const std::string& request_text) {
  Poco::URI uri(base_url);
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()));
  socket.setReceiveTimeout(Poco::Timespan(30, 0));
  socket.sendBytes(request_text.data(), static_cast<int>(request_text.size()));
  Poco::Net::SocketStream stream(socket);
  Poco::Net::HTTPResponse response;
  response.read(stream);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  for (const auto& [name, value] : response) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[lower] = value;
  }
  const auto length = response.getContentLength64();
  if (length > 0) {
    reply.body.resize(static_cast<std::size_t>(length));
    stream.read(reply.body.data(), static_cast<std::streamsize>(length));
    reply.body.resize(static_cast<std::size_t>(stream.gcount()));
  }
  // The request line is "METHOD PATH HTTP/1.1".
  std::istringstream request_line(request_text.substr(0, request_text.find("\r\n")));
  std::string method, path;
  request_line >> method >> path;
  record_answer(method, path, reply);
  return reply;
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner_ = svc_.bootstrap("acme", "owner@acme.test");
    ws_ = "/api/v1/workspaces/" + str(owner_.workspace_id);
    svc_.start();
    auto added = api().post(ws_ + "/members", owner_.token, R"({"email":"member@acme.test","role":"member"})");
    ASSERT_EQ(added.status, 201) << added.body;
    member_id_ = added.json()->getValue<std::int64_t>("user_id");
    auto created = api().post(ws_ + "/connections", owner_.token, R"({"plugin":"echo_source","token":"echo-acct1"})");
    ASSERT_EQ(created.status, 201) << created.body;
    connection_ = created.json()->getValue<std::int64_t>("id");
    conn_ = "/api/v1/connections/" + str(connection_);
    auto jobs = api().get("/api/v1/jobs?connection=" + str(connection_), owner_.token);
    ASSERT_EQ(jobs.status, 200) << jobs.body;
    const std::string line = svc_.wait_for_log("\"job\":\"" + jobs.array()->getObject(0)->get("id").toString() + "\"}");
    ASSERT_THAT(line, HasSubstr("\"job succeeded\""));
  }

  const ApiClient& api() const { return svc_.api(); }

  // Everything a bad request could have changed, as the owner reads it.
  std::string stored() const {
    std::string out;
    for (const std::string& path :
         {ws_ + "/connections", ws_ + "/members", ws_ + "/audit", std::string("/api/v1/workspaces"),
          "/api/v1/jobs?workspace=" + str(owner_.workspace_id), conn_ + "/metadata?limit=1000"}) {
      auto reply = api().get(path, owner_.token);
      EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
      out += path + " -> " + reply.body + "\n";
    }
    return out;
  }

  void expect_refused(const HttpReply& reply, const BadRequest& bad) {
    EXPECT_EQ(reply.status, bad.status) << reply.body;
    EXPECT_EQ(reply.error_code(), bad.code) << reply.body;
    EXPECT_EQ(reply.error_field(), bad.field) << reply.body;
    EXPECT_THAT(reply.error_message(), HasSubstr(bad.mention)) << reply.body;
    ASSERT_NO_THROW(reply.json()->getObject("error")->getObject("details")) << reply.body;
    EXPECT_TRUE(reply.json()->getObject("error")->getObject("details")) << "details must be an object: " << reply.body;
  }

  void expect_all_refused(const std::vector<BadRequest>& cases) {
    for (const auto& bad : cases) {
      SCOPED_TRACE(bad.method + " " + bad.path + " " + bad.body.value_or("(no body)"));
      const std::string before = stored();
      auto reply = api().request(bad.method, bad.path, owner_.token, bad.body);
      expect_refused(reply, bad);
      EXPECT_EQ(stored(), before) << "a refused request changed stored data";
    }
  }

  ServiceUnderTest svc_{"bad_input", "max_body_bytes: " + str(kMaxBody)};
  Bootstrapped owner_;
  std::string ws_;
  std::string conn_;
  std::int64_t connection_ = 0;
  std::int64_t member_id_ = 0;
};

TEST_F(BadInputTest, MalformedJsonIsABadRequest) {
  const std::string json_error = "not valid JSON";
  expect_all_refused({
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source",)", 400, "invalid_argument", "", json_error},
      {"POST", ws_ + "/connections", R"({plugin: "echo_source", token: "echo-x"})", 400, "invalid_argument", "", json_error},
      {"PATCH", conn_, R"({"label":"unterminated)", 400, "invalid_argument", "", json_error},
      {"POST", ws_ + "/members", "email=a@b.c&role=member", 400, "invalid_argument", "", json_error},
      {"POST", conn_ + "/retrieve", R"({"types":["widgets"])", 400, "invalid_argument", "", json_error},
      {"POST", "/api/v1/workspaces", R"({"name":"x"} {"name":"y"})", 400, "invalid_argument", "", json_error},
      {"PATCH", ws_ + "/members/" + str(member_id_), "\xff\xfe{}", 400, "invalid_argument", "", json_error},
  });
}

TEST_F(BadInputTest, ABodyThatIsNotAnObjectIsABadRequest) {
  const std::string not_object = "must be a JSON object";
  expect_all_refused({
      {"POST", ws_ + "/connections", R"([{"plugin":"echo_source","token":"echo-x"}])", 400, "invalid_argument", "", not_object},
      {"POST", "/api/v1/workspaces", "[]", 400, "invalid_argument", "", not_object},
      {"PATCH", conn_, R"([{"label":"x"}])", 400, "invalid_argument", "", not_object},
  });
}

// A lone string, number or null is valid JSON (RFC 8259) but not an object: the answer must
// say so, not that the JSON is invalid (nor quote the parser's internals).
TEST_F(BadInputTest, AScalarBodyIsReportedAsNotAnObject) {
  const std::string not_object = "must be a JSON object";
  expect_all_refused({
      {"PATCH", conn_, R"("Renamed")", 400, "invalid_argument", "", not_object},
      {"POST", ws_ + "/members", "null", 400, "invalid_argument", "", not_object},
      {"POST", conn_ + "/retrieve", "42", 400, "invalid_argument", "", not_object},
      {"POST", "/api/v1/workspaces", "true", 400, "invalid_argument", "", not_object},
  });
}

TEST_F(BadInputTest, AnUnknownFieldIsNamed) {
  expect_all_refused({
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source","token":"echo-x","colour":"red"})", 422,
       "invalid_argument", "colour", "colour"},
      {"PATCH", conn_, R"({"name":"Renamed"})", 422, "invalid_argument", "name", "name"},
      {"POST", ws_ + "/members", R"({"email":"x@acme.test","role":"member","admin":true})", 422, "invalid_argument",
       "admin", "admin"},
      // The plugin's own retrieve parameters are not the API's.
      {"POST", conn_ + "/retrieve", R"({"count":5})", 422, "invalid_argument", "count", "count"},
      {"POST", "/api/v1/workspaces", R"({"name":"x","owner":1})", 422, "invalid_argument", "owner", "owner"},
      {"PATCH", ws_ + "/members/" + str(member_id_), R"({"role":"admin","email":"x@acme.test"})", 422,
       "invalid_argument", "email", "email"},
  });
}

TEST_F(BadInputTest, AWrongTypeIsNamed) {
  expect_all_refused({
      {"PATCH", conn_, R"({"label":5})", 422, "invalid_argument", "label", "label"},
      {"PATCH", conn_, R"({"label":["a"]})", 422, "invalid_argument", "label", "label"},
      {"PATCH", conn_, R"({"retrieve_interval":3600})", 422, "invalid_argument", "retrieve_interval", "retrieve_interval"},
      {"POST", conn_ + "/retrieve", R"({"types":"widgets"})", 422, "invalid_argument", "types", "types"},
      {"POST", conn_ + "/retrieve", R"({"types":["widgets",3]})", 422, "invalid_argument", "types", "types"},
      {"POST", ws_ + "/connections", R"({"plugin":7,"token":"echo-x"})", 422, "invalid_argument", "plugin", "plugin"},
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source","token":{"value":"echo-x"}})", 422, "invalid_argument",
       "token", "token"},
      {"POST", ws_ + "/members", R"({"email":"x@acme.test","role":["admin"]})", 422, "invalid_argument", "role", "role"},
      {"POST", "/api/v1/workspaces", R"({"name":null})", 422, "invalid_argument", "name", "name"},
  });
}

TEST_F(BadInputTest, AMissingRequiredFieldIsNamed) {
  expect_all_refused({
      {"POST", ws_ + "/connections", R"({"token":"echo-x"})", 422, "invalid_argument", "plugin", "plugin"},
      {"POST", ws_ + "/members", R"({"email":"x@acme.test"})", 422, "invalid_argument", "role", "role"},
      {"POST", ws_ + "/members", R"({"role":"member"})", 422, "invalid_argument", "email", "email"},
      {"PATCH", ws_ + "/members/" + str(member_id_), "{}", 422, "invalid_argument", "role", "role"},
      {"POST", "/api/v1/workspaces", "{}", 422, "invalid_argument", "name", "name"},
      {"POST", "/api/v1/workspaces", "", 422, "invalid_argument", "name", "name"},
  });
  // No token at all: the error names a token field and says how to give one.
  const std::string before = stored();
  auto tokenless = api().post(ws_ + "/connections", owner_.token, R"({"plugin":"echo_source","label":"x"})");
  EXPECT_EQ(tokenless.status, 422) << tokenless.body;
  EXPECT_EQ(tokenless.error_code(), "invalid_argument");
  EXPECT_THAT(tokenless.error_field(), ::testing::AnyOf("token", "private_app_token")) << tokenless.body;
  EXPECT_THAT(tokenless.error_message(), HasSubstr("token"));
  EXPECT_EQ(stored(), before);
}

TEST_F(BadInputTest, ABadValueIsNamed) {
  expect_all_refused({
      {"POST", ws_ + "/members", R"({"email":"x@acme.test","role":"king"})", 422, "invalid_argument", "role", "king"},
      {"PATCH", ws_ + "/members/" + str(member_id_), R"({"role":"boss"})", 422, "invalid_argument", "role", "boss"},
      {"PATCH", conn_, R"({"label":""})", 422, "invalid_argument", "label", "label"},
      {"PATCH", conn_, R"({"retrieve_interval":"soon"})", 422, "invalid_argument", "retrieve_interval", "soon"},
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source","token":"echo-x","label":""})", 422, "invalid_argument",
       "label", "label"},
  });
}

// Values the domain layer checks (an e-mail's shape, a workspace name's length) are refused
// with 422 like the others, and must name their field in details.field too.
TEST_F(BadInputTest, AValueTheDomainRefusesIsNamedToo) {
  expect_all_refused({
      {"POST", ws_ + "/members", R"({"email":"not-an-email","role":"member"})", 422, "invalid_argument", "email",
       "email"},
      {"POST", "/api/v1/workspaces", R"({"name":""})", 422, "invalid_argument", "name", "name"},
  });
}

// A retrieval's `types` must be types the connection's plugin declares, and at least one: as
// the metadata listing's ?type= is checked. An undeclared type fails the job later and puts the
// connection in error; an empty list retrieves nothing and replaces every object with nothing.
TEST_F(BadInputTest, RetrieveTypesMustBeDeclaredOnes) {
  for (const std::string types : {R"(["sprockets"])", R"(["widgets","sprockets"])", "[]"}) {
    SCOPED_TRACE("types " + types);
    const std::string before = stored();
    auto reply = api().post(conn_ + "/retrieve", owner_.token, R"({"types":)" + types + "}");
    if (reply.status == 202) {
      // Accepted: let the job end so that what it did is visible (and does not spill over).
      const std::string line = svc_.wait_for_log("\"job\":\"" + reply.json()->get("id").toString() + "\"}");
      ADD_FAILURE() << "accepted, and the job ended with: " << line;
    }
    EXPECT_EQ(reply.status, 422) << reply.body;
    EXPECT_EQ(reply.error_code(), "invalid_argument") << reply.body;
    EXPECT_EQ(reply.error_field(), "types") << reply.body;
    EXPECT_EQ(stored(), before) << "the connection: " << api().get(conn_, owner_.token).body;
  }
}

TEST_F(BadInputTest, AnUnknownPluginIsNamedWithTheOnesThatConnect) {
  for (const std::string plugin : {"nope", "sqlite", ""}) {
    SCOPED_TRACE("plugin '" + plugin + "'");
    const std::string before = stored();
    auto reply = api().post(ws_ + "/connections", owner_.token, R"({"plugin":")" + plugin + R"(","token":"echo-x"})");
    expect_refused(reply, {"", "", std::nullopt, 422, "invalid_argument", "plugin", "'" + plugin + "'"});
    EXPECT_THAT(reply.error_message(), HasSubstr("echo_source")) << "the message lists the plugins that connect";
    EXPECT_EQ(stored(), before);
  }
}

TEST_F(BadInputTest, ATokenTheProviderRefusesIsAboutTheTokenField) {
  const std::string secret = "refused-secret-8d1f";
  expect_all_refused({
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source","token":")" + secret + "\"}", 422, "invalid_argument",
       "token", "refused"},
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source","token":"echo-"})", 422, "invalid_argument", "token",
       "refused"},
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source","token":""})", 422, "invalid_argument", "token", "token"},
      // echo_source takes a `token`, not a private app token.
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source","private_app_token":"echo-x"})", 422,
       "invalid_argument", "private_app_token", "private_app_token"},
  });
  // The refused token is not repeated back, nor kept anywhere.
  auto reply = api().post(ws_ + "/connections", owner_.token, R"({"plugin":"echo_source","token":")" + secret + "\"}");
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.body.find(secret), std::string::npos) << reply.body;
  EXPECT_EQ(stored().find(secret), std::string::npos);
}

TEST_F(BadInputTest, BadQueryValuesAreNamed) {
  const std::string metadata = conn_ + "/metadata";
  const std::string audit = ws_ + "/audit";
  std::vector<BadRequest> cases;
  for (const std::string limit : {"0", "-1", "abc", "1001", "10x", "", "1e2", "99999999999999999999"}) {
    cases.push_back({"GET", metadata + "?limit=" + limit, std::nullopt, 422, "invalid_argument", "limit", "limit"});
  }
  for (const std::string cursor : {"not-a-cursor", "d2lkZ2V0cw", "%00%01", "!!!"}) {
    cases.push_back({"GET", metadata + "?cursor=" + cursor, std::nullopt, 422, "invalid_argument", "cursor", "cursor"});
  }
  cases.push_back({"GET", metadata + "?type=sprockets", std::nullopt, 422, "invalid_argument", "type", "sprockets"});
  for (const std::string limit : {"0", "501", "many"}) {
    cases.push_back({"GET", audit + "?limit=" + limit, std::nullopt, 422, "invalid_argument", "limit", "limit"});
  }
  cases.push_back({"GET", audit + "?before=yesterday", std::nullopt, 422, "invalid_argument", "before", "before"});
  cases.push_back({"GET", "/api/v1/jobs?connection=abc", std::nullopt, 422, "invalid_argument", "connection", "connection"});
  cases.push_back({"GET", "/api/v1/jobs?workspace=0", std::nullopt, 422, "invalid_argument", "workspace", "workspace"});
  cases.push_back({"GET", "/api/v1/jobs?connection=" + str(connection_) + "&limit=9999", std::nullopt, 422,
                   "invalid_argument", "limit", "limit"});
  expect_all_refused(cases);
}

TEST_F(BadInputTest, NonNumericIdsAreNotFound) {
  std::vector<BadRequest> cases;
  const std::vector<std::string> ids = {"abc", "0", "-3", "1.5", "1e3", "%20", str(connection_) + "abc",
                                       "99999999999999999999"};
  for (const auto& id : ids) {
    const std::string conn = "/api/v1/connections/" + id;
    cases.push_back({"GET", conn, std::nullopt, 404, "not_found", "", "not found"});
    cases.push_back({"PATCH", conn, std::string(R"({"label":"x"})"), 404, "not_found", "", "not found"});
    cases.push_back({"DELETE", conn, std::nullopt, 404, "not_found", "", "not found"});
    cases.push_back({"POST", conn + "/retrieve", std::string("{}"), 404, "not_found", "", "not found"});
    cases.push_back({"GET", conn + "/metadata", std::nullopt, 404, "not_found", "", "not found"});
    cases.push_back({"GET", conn + "/metadata/widgets/widgets-1", std::nullopt, 404, "not_found", "", "not found"});
    const std::string ws = "/api/v1/workspaces/" + id;
    cases.push_back({"GET", ws + "/members", std::nullopt, 404, "not_found", "", "not found"});
    cases.push_back({"GET", ws + "/connections", std::nullopt, 404, "not_found", "", "not found"});
    cases.push_back({"POST", ws + "/connections", std::string(R"({"plugin":"echo_source","token":"echo-x"})"), 404,
                     "not_found", "", "not found"});
    cases.push_back({"GET", ws + "/audit", std::nullopt, 404, "not_found", "", "not found"});
    cases.push_back({"PATCH", ws_ + "/members/" + id, std::string(R"({"role":"admin"})"), 404, "not_found", "",
                     "not found"});
    cases.push_back({"DELETE", ws_ + "/members/" + id, std::nullopt, 404, "not_found", "", "not found"});
  }
  expect_all_refused(cases);
}

TEST_F(BadInputTest, AWrongMethodIsNotAllowedAndSaysWhatIs) {
  struct WrongMethod {
    std::string method;
    std::string path;
    std::vector<std::string> allowed;
  };
  const std::vector<WrongMethod> cases = {
      {"PUT", conn_, {"GET", "PATCH", "DELETE"}},
      {"POST", conn_, {"GET", "PATCH", "DELETE"}},
      {"DELETE", "/api/v1/workspaces", {"GET", "POST"}},
      {"GET", conn_ + "/retrieve", {"POST"}},
      {"POST", "/healthz", {"GET"}},
      {"PATCH", ws_ + "/members", {"GET", "POST"}},
      {"DELETE", "/api/v1/jobs", {"GET"}},
      {"PUT", ws_ + "/members/" + str(member_id_), {"PATCH", "DELETE"}},
  };
  for (const auto& wrong : cases) {
    SCOPED_TRACE(wrong.method + " " + wrong.path);
    const std::string before = stored();
    auto reply = api().request(wrong.method, wrong.path, owner_.token, std::string(R"({"label":"x"})"));
    EXPECT_EQ(reply.status, 405) << reply.body;
    EXPECT_EQ(reply.error_code(), "invalid_argument") << reply.body;
    EXPECT_THAT(reply.error_message(), HasSubstr(wrong.method));
    ASSERT_EQ(reply.headers.count("allow"), 1u);
    const std::string allow = reply.headers["allow"];
    for (const auto& method : wrong.allowed) EXPECT_THAT(allow, HasSubstr(method));
    std::size_t listed = 1;
    for (char c : allow) listed += c == ',';
    EXPECT_EQ(listed, wrong.allowed.size()) << allow;
    EXPECT_EQ(allow.find(wrong.method), std::string::npos) << allow;
    EXPECT_EQ(stored(), before);
  }
  // A path no route has is not found, whatever the method.
  auto nowhere = api().request("GET", "/api/v1/nowhere", owner_.token);
  EXPECT_EQ(nowhere.status, 404) << nowhere.body;
  EXPECT_EQ(nowhere.error_code(), "not_found");
}

TEST_F(BadInputTest, ABadlyEncodedUriIsABadRequest) {
  expect_all_refused({
      {"GET", conn_ + "/metadata?limit=%zz", std::nullopt, 400, "invalid_argument", "", "malformed"},
      {"GET", "/api/v1/connections/%zz", std::nullopt, 400, "invalid_argument", "", "malformed"},
      {"PATCH", "/api/v1/connections/1%", std::string(R"({"label":"x"})"), 400, "invalid_argument", "", "malformed"},
  });
}

TEST_F(BadInputTest, ABodyOverTheLimitIsTooLarge) {
  const std::string padding(kMaxBody, 'x');
  expect_all_refused({
      {"POST", ws_ + "/connections", R"({"plugin":"echo_source","token":"echo-big","label":")" + padding + "\"}", 413,
       "invalid_argument", "", "max_body_bytes"},
      {"PATCH", conn_, R"({"label":")" + padding + "\"}", 413, "invalid_argument", "", "max_body_bytes"},
      {"POST", ws_ + "/members", R"({"email":"x@acme.test","role":"member","pad":")" + padding + "\"}", 413,
       "invalid_argument", "", "max_body_bytes"},
  });
}

TEST_F(BadInputTest, ADeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead) {
  const std::string before = stored();
  // The header promises ten megabytes; the service must answer without waiting for them.
  const std::string request = "POST " + ws_ + "/connections HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
                              owner_.token + "\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n" +
                              R"({"plugin":"echo_source","token":"echo-big"})";
  auto reply = raw_exchange(api().base_url(), request);
  expect_refused(reply, {"", "", std::nullopt, 413, "invalid_argument", "", "max_body_bytes"});
  EXPECT_EQ(stored(), before);
}

TEST_F(BadInputTest, AChunkedBodyOverTheLimitIsTooLarge) {
  const std::string before = stored();
  Poco::URI uri(api().base_url());
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request("PATCH", conn_, Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Authorization", "Bearer " + owner_.token);
  request.setContentType("application/json");
  request.setChunkedTransferEncoding(true);
  session.sendRequest(request) << R"({"label":")" << std::string(kMaxBody, 'y') << "\"}";
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(in, reply.body);
  reply.headers["content-type"] = response.getContentType();
  record_answer("PATCH", conn_, reply);
  expect_refused(reply, {"", "", std::nullopt, 413, "invalid_argument", "", "max_body_bytes"});
  EXPECT_EQ(stored(), before);
}

TEST_F(BadInputTest, ABodyOfExactlyTheLimitIsAccepted) {
  // {"label":"yyy...y"} padded to max_body_bytes exactly.
  const std::string head = R"({"label":")";
  const std::string tail = "\"}";
  const std::string label(static_cast<std::size_t>(kMaxBody) - head.size() - tail.size(), 'y');
  const std::string body = head + label + tail;
  ASSERT_EQ(static_cast<std::int64_t>(body.size()), kMaxBody);
  auto at_limit = api().patch(conn_, owner_.token, body);
  ASSERT_EQ(at_limit.status, 200) << at_limit.body;
  EXPECT_EQ(at_limit.json()->getValue<std::string>("label"), label);

  // One byte more is too large, and the label stays as it was.
  auto over = api().patch(conn_, owner_.token, head + label + "z" + tail);
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_EQ(api().get(conn_, owner_.token).json()->getValue<std::string>("label"), label);
}

}  // namespace
}  // namespace hsd::testing
