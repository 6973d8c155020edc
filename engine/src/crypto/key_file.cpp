#include "key_file.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base64.hpp"

namespace hsd::engine::detail {
namespace {

constexpr const char* kEnvName = "HSD_SECRET_KEY";

// Closes a descriptor on every path out of a function.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

std::string errno_text(int error) { return std::strerror(error); }

Error io_error(const std::filesystem::path& path, const std::string& action, int error) {
  return make_error(ErrorCode::internal, "secret key file " + path.string() + ": cannot " + action +
                                             ": " + errno_text(error));
}

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Creates each missing folder of path with mode 0700: the key's folder need not be shared.
Status make_private_dirs(const std::filesystem::path& dir) {
  if (dir.empty()) return {};
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return {};
  HSD_TRY(make_private_dirs(dir.parent_path()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return io_error(dir, "create folder", errno);
  return {};
}

Result<std::string> read_key(const std::filesystem::path& path, int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return io_error(path, "stat", errno);
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return make_error(ErrorCode::permission_denied,
                      "secret key file " + path.string() + " has mode " + mode +
                          ", readable by group or others; run: chmod 600 " + path.string());
  }
  std::string text;
  char buffer[256];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error(path, "read", errno);
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > 4096) break;  // a key file is 45 bytes; do not slurp a wrong file
  }
  OPENSSL_cleanse(buffer, sizeof buffer);
  auto key = base64_decode(trim(text));
  OPENSSL_cleanse(text.data(), text.size());
  if (!key || key->size() != kKeySize) {
    if (key) OPENSSL_cleanse(key->data(), key->size());
    return make_error(ErrorCode::invalid_argument,
                      "secret key file " + path.string() +
                          " does not hold base64 of 32 bytes; restore the original file (sealed "
                          "credentials only open with it) or set HSD_SECRET_KEY");
  }
  return std::move(*key);
}

Status write_all(const std::filesystem::path& path, int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error(path, "write", errno);
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<std::string> create_key(const std::filesystem::path& path) {
  HSD_TRY(make_private_dirs(path.parent_path()));
  std::string key(kKeySize, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1)
    return make_error(ErrorCode::internal, "cannot draw random bytes for a new secret key");
  std::string text = base64_encode(key) + "\n";

  const std::filesystem::path temp =
      path.string() + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(::gettid());
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) return io_error(temp, "create", errno);
  Status written = write_all(temp, fd.get(), text);
  OPENSSL_cleanse(text.data(), text.size());
  if (written.ok() && ::fsync(fd.get()) != 0) written = io_error(temp, "sync", errno);
  ::close(fd.release());
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written.error();
  }
  // link() refuses to replace an existing file: if another process won the race, use its key.
  const int linked = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && link_errno != EEXIST) return io_error(path, "create", link_errno);
  if (linked != 0) {
    OPENSSL_cleanse(key.data(), key.size());
    Fd existing(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (existing.get() < 0) return io_error(path, "open", errno);
    return read_key(path, existing.get());
  }
  return key;
}

}  // namespace

Result<std::string> parse_env_key(std::string_view text) {
  if (text.size() == 2 * kKeySize) {
    std::string key(kKeySize, '\0');
    bool hex = true;
    for (std::size_t i = 0; i < kKeySize && hex; ++i) {
      const int high = hex_value(text[2 * i]);
      const int low = hex_value(text[2 * i + 1]);
      hex = high >= 0 && low >= 0;
      key[i] = static_cast<char>(high << 4 | low);
    }
    if (hex) return key;
    OPENSSL_cleanse(key.data(), key.size());
  }
  auto decoded = base64_decode(trim(std::string(text)));
  if (decoded && decoded->size() == kKeySize) return std::move(*decoded);
  if (decoded) OPENSSL_cleanse(decoded->data(), decoded->size());
  return make_error(ErrorCode::invalid_argument,
                    std::string(kEnvName) +
                        " must be 64 hex digits or base64 of 32 bytes (e.g. the output of "
                        "`openssl rand -hex 32`)");
}

Result<std::string> read_or_create_key_file(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() >= 0) return read_key(path, fd.get());
  if (errno != ENOENT) return io_error(path, "open", errno);
  return create_key(path);
}

}  // namespace hsd::engine::detail
