#include "credentials.hpp"

#include "safe_name.hpp"

namespace hsd::plugins::github::backup {
namespace {

struct Parsed {
  std::string scheme;
  std::string host;  // lowercased, brackets kept for IPv6
  std::string port;  // "" when absent
};

bool parse(std::string_view url, Parsed& p) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  p.scheme = ascii_lower(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.empty()) return false;
  std::string_view host = rest;
  std::string_view port;
  if (rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return false;
    host = rest.substr(0, close + 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') return false;
      port = rest.substr(close + 2);
    }
  } else if (const std::size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty()) return false;
  p.host = ascii_lower(host);
  p.port = std::string(port);
  return true;
}

std::string default_port(std::string_view scheme) {
  if (scheme == "https") return "443";
  if (scheme == "http") return "80";
  if (scheme == "ssh") return "22";
  if (scheme == "git") return "9418";
  return "";
}

}  // namespace

std::string url_host(std::string_view url) {
  Parsed p;
  if (!parse(url, p)) return {};
  if (p.port.empty() || p.port == default_port(p.scheme)) return p.host;
  return p.host + ":" + p.port;
}

bool host_allowed(std::string_view url, std::string_view allowed_host) {
  Parsed p;
  if (!parse(url, p) || allowed_host.empty()) return false;
  const std::string allowed = ascii_lower(allowed_host);
  const std::string port = p.port.empty() ? default_port(p.scheme) : p.port;
  if (allowed == p.host + ":" + port) return true;
  // An allowed host without a port means the scheme's default port.
  return allowed == p.host && port == default_port(p.scheme);
}

int acquire_credential(git_credential** out, const char* url, const char* /*username_from_url*/,
                       unsigned int allowed_types, void* payload) {
  auto* state = static_cast<CredentialState*>(payload);
  *out = nullptr;
  const std::string_view where = url ? std::string_view(url) : std::string_view();
  if (!host_allowed(where, state->allowed_host)) {
    state->host_refused = true;
    state->refused_host = url_host(where);
    git_error_set_str(GIT_ERROR_NET, ("credentials requested by '" + state->refused_host +
                                      "', which is not the configured git host")
                                         .c_str());
    return GIT_EAUTH;
  }
  if ((allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) == 0) {
    git_error_set_str(GIT_ERROR_NET, "the server asks for a kind of credentials other than a token");
    return GIT_EAUTH;
  }
  if (state->token.empty()) {
    state->exhausted = true;
    git_error_set_str(GIT_ERROR_NET, "the server asks for credentials and no token is configured");
    return GIT_EAUTH;
  }
  if (state->attempts >= 1) {
    state->exhausted = true;
    git_error_set_str(GIT_ERROR_NET, "the server refused the token");
    return GIT_EAUTH;
  }
  ++state->attempts;
  return git_credential_userpass_plaintext_new(out, "x-access-token", state->token.c_str());
}

}  // namespace hsd::plugins::github::backup
