#include "token_store.hpp"

#include <atomic>
#include <random>

#include "prng.hpp"

namespace hsd::fakes::detail {
namespace {

Prng fresh_rng() {
  static std::atomic<std::uint64_t> counter{std::random_device{}() * 0x100000001ull};
  return Prng(counter.fetch_add(0xA5A5A5A5ull, std::memory_order_relaxed));
}

std::string random_chars(Prng& rng, std::size_t n) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string s;
  s.reserve(n);
  for (std::size_t i = 0; i < n; ++i) s.push_back(kAlphabet[rng.below(sizeof kAlphabet - 1)]);
  return s;
}

}  // namespace

std::string random_access_token() {
  Prng rng = fresh_rng();
  return "CJ" + random_chars(rng, 300 + rng.below(64));
}

std::string random_refresh_token() {
  Prng rng = fresh_rng();
  return "na1-" + rng.hex(4) + "-" + rng.hex(4) + "-" + rng.hex(4) + "-" + rng.hex(4) + "-" + rng.hex(12);
}

std::string random_auth_code() {
  Prng rng = fresh_rng();
  return "na1-" + rng.uuid();
}

std::string TokenStore::new_auth_code(const std::string& redirect_uri, std::vector<std::string> scopes,
                                      TimePoint expires_at) {
  std::string code = random_auth_code();
  std::lock_guard lock(mutex_);
  codes_[code] = AuthCode{redirect_uri, std::move(scopes), expires_at};
  return code;
}

CodeCheck TokenStore::redeem_code(const std::string& code, const std::string& redirect_uri, TimePoint now,
                                  std::vector<std::string>& out_scopes) {
  std::lock_guard lock(mutex_);
  const auto it = codes_.find(code);
  if (it == codes_.end()) return CodeCheck::kUnknown;
  if (now >= it->second.expires_at) {
    codes_.erase(it);
    return CodeCheck::kExpired;
  }
  if (it->second.redirect_uri != redirect_uri) return CodeCheck::kRedirectMismatch;
  out_scopes = std::move(it->second.scopes);
  codes_.erase(it);
  return CodeCheck::kOk;
}

TokenPair TokenStore::issue(const std::vector<std::string>& scopes, TimePoint expires_at) {
  TokenPair pair{{random_access_token(), scopes, expires_at, false}, {random_refresh_token(), scopes, false}};
  std::lock_guard lock(mutex_);
  access_[pair.access.token] = pair.access;
  refresh_[pair.refresh.token] = pair.refresh;
  return pair;
}

std::optional<TokenPair> TokenStore::refresh(const std::string& refresh_token, TimePoint expires_at, bool rotate) {
  std::lock_guard lock(mutex_);
  const auto it = refresh_.find(refresh_token);
  if (it == refresh_.end() || it->second.revoked) return std::nullopt;
  TokenPair pair{{random_access_token(), it->second.scopes, expires_at, false}, it->second};
  if (rotate) {
    it->second.revoked = true;
    pair.refresh = RefreshToken{random_refresh_token(), it->second.scopes, false};
    refresh_[pair.refresh.token] = pair.refresh;
  }
  access_[pair.access.token] = pair.access;
  return pair;
}

std::optional<AccessToken> TokenStore::access(const std::string& token) const {
  std::lock_guard lock(mutex_);
  const auto it = access_.find(token);
  if (it == access_.end()) return std::nullopt;
  return it->second;
}

std::optional<RefreshToken> TokenStore::refresh_token(const std::string& token) const {
  std::lock_guard lock(mutex_);
  const auto it = refresh_.find(token);
  if (it == refresh_.end()) return std::nullopt;
  return it->second;
}

bool TokenStore::revoke_refresh(const std::string& token) {
  std::lock_guard lock(mutex_);
  const auto it = refresh_.find(token);
  if (it == refresh_.end() || it->second.revoked) return false;
  it->second.revoked = true;
  return true;
}

int TokenStore::revoke_all_refresh() {
  std::lock_guard lock(mutex_);
  int revoked = 0;
  for (auto& [token, refresh] : refresh_) {
    if (refresh.revoked) continue;
    refresh.revoked = true;
    ++revoked;
  }
  return revoked;
}

bool TokenStore::revoke_access(const std::string& token) {
  std::lock_guard lock(mutex_);
  const auto it = access_.find(token);
  if (it == access_.end() || it->second.revoked) return false;
  it->second.revoked = true;
  return true;
}

void TokenStore::expire_all_access(TimePoint now) {
  std::lock_guard lock(mutex_);
  for (auto& [token, access] : access_)
    if (access.expires_at > now) access.expires_at = now;
}

}  // namespace hsd::fakes::detail
