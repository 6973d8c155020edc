// Poco sessions with strict response framing. Poco 1.11 ends a fixed-length or chunked body
// quietly when the server closes early (between chunks, or before Content-Length bytes), which
// would hand a truncated body to the caller as a success. FramedSession notices end-of-stream
// during a fixed-length body and decodes chunked bodies itself, so truncation is an error.
#pragma once

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/NumberParser.h>

#include <cstddef>
#include <string>

namespace hsd::engine::detail {

class BodyFraming {
 public:
  virtual ~BodyFraming() = default;
  // True when a body read met end-of-stream since the last reset.
  virtual bool saw_eof() const = 0;
  virtual void reset_eof() = 0;
  // Reads a whole chunked body (after the response head); false when the connection ended
  // before the terminating zero-size chunk. Throws on malformed framing or timeouts.
  virtual bool read_chunked_body(std::string& body) = 0;
};

template <class Session>
class FramedSession : public Session, public BodyFraming {
 public:
  using Session::Session;

  bool saw_eof() const override { return saw_eof_; }
  void reset_eof() override { saw_eof_ = false; }

  bool read_chunked_body(std::string& body) override {
    std::string line;
    for (;;) {
      if (!read_line(line)) return false;
      const std::string size_text = line.substr(0, line.find(';'));
      Poco::UInt64 size = 0;
      if (!Poco::NumberParser::tryParseHex64(trim(size_text), size))
        throw Poco::Net::MessageException("invalid chunk size in response");
      if (size == 0) break;
      char buffer[16384];
      while (size > 0) {
        const auto want = static_cast<std::streamsize>(size < sizeof buffer ? size : sizeof buffer);
        const int n = Session::read(buffer, want);
        if (n <= 0) return false;
        body.append(buffer, static_cast<std::size_t>(n));
        size -= static_cast<Poco::UInt64>(n);
      }
      if (!read_line(line)) return false;
      if (!line.empty()) throw Poco::Net::MessageException("chunk longer than its declared size");
    }
    // Trailer fields, then the empty line that ends the message.
    for (;;) {
      if (!read_line(line)) return false;
      if (line.empty()) return true;
    }
  }

 protected:
  int read(char* buffer, std::streamsize length) override {
    const int n = Session::read(buffer, length);
    if (n == 0 && length > 0) saw_eof_ = true;
    return n;
  }

 private:
  static constexpr std::size_t kMaxLine = 8192;

  static std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
  }

  // One CRLF-terminated line without its terminator; false at end-of-stream.
  bool read_line(std::string& line) {
    line.clear();
    for (;;) {
      const int c = Session::get();
      if (c == std::char_traits<char>::eof()) return false;
      if (c == '\n') break;
      line += static_cast<char>(c);
      if (line.size() > kMaxLine) throw Poco::Net::MessageException("chunk header line too long");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }

  bool saw_eof_ = false;
};

using PlainSession = FramedSession<Poco::Net::HTTPClientSession>;
using SecureSession = FramedSession<Poco::Net::HTTPSClientSession>;

}  // namespace hsd::engine::detail
