// The libgit2 credential callback: the token goes only to the Target's allowed host, as the
// password of user "x-access-token", and only once per operation, so a wrong token ends in
// GIT_EAUTH instead of an endless 401 loop.
#pragma once

#include <git2.h>

#include <string>
#include <string_view>

namespace hsd::plugins::github::backup {

struct CredentialState {
  std::string allowed_host;  // host[:port]
  std::string token;
  int attempts = 0;          // credentials handed out
  bool host_refused = false; // asked for credentials by another host
  bool exhausted = false;    // asked again after the one attempt (the token was refused)
  std::string refused_host;
};

// host[:port] of a URL, lowercased, without user info and without the scheme's default port
// (443 for https, 80 for http). Empty when the URL has no scheme://authority.
std::string url_host(std::string_view url);

// Whether url's host[:port] is allowed_host (case-insensitive; "host" and "host:443" are the
// same for https).
bool host_allowed(std::string_view url, std::string_view allowed_host);

// git_credential_acquire_cb; payload is a CredentialState*.
int acquire_credential(git_credential** out, const char* url, const char* username_from_url,
                       unsigned int allowed_types, void* payload);

}  // namespace hsd::plugins::github::backup
