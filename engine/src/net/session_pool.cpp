#include "session_pool.hpp"

#include <Poco/Net/StreamSocket.h>
#include <sys/socket.h>

#include <cerrno>

namespace hsd::engine::detail {

std::unique_ptr<Poco::Net::HTTPClientSession> SessionPool::take(const std::string& origin) {
  std::lock_guard lock(mutex_);
  auto it = idle_.find(origin);
  if (it == idle_.end() || it->second.empty()) return nullptr;
  auto session = std::move(it->second.back());
  it->second.pop_back();
  return session;
}

void SessionPool::give_back(const std::string& origin,
                            std::unique_ptr<Poco::Net::HTTPClientSession> session) {
  std::unique_ptr<Poco::Net::HTTPClientSession> surplus;
  std::lock_guard lock(mutex_);
  auto& sessions = idle_[origin];
  if (sessions.size() < max_idle_) {
    sessions.push_back(std::move(session));
  } else {
    surplus = std::move(session);  // closed after the lock is released
  }
}

bool peer_closed(Poco::Net::HTTPClientSession& session) {
  if (!session.connected()) return true;
  const int fd = session.socket().impl()->sockfd();
  if (fd < 0) return true;
  char byte = 0;
  // Reads from the kernel buffer only (TLS records included): an idle connection has nothing
  // to read, so EOF, an error or any byte means it cannot carry another request.
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

}  // namespace hsd::engine::detail
