#include "http_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <limits>
#include <memory>
#include <optional>
#include <type_traits>

#include "hsd/engine/log.hpp"

namespace hsd::engine::service {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::uint32_t kHeaderLimit = 16 * 1024;  // request line and headers; more answers 431
constexpr std::size_t kBufferLimit = 32 * 1024;    // the read buffer; bodies go to the request
// After an answer that closes the connection while the client may still be sending (a body over
// the limit), the rest is read and dropped for a moment, so that closing with unread data does
// not reset the connection before the client has read the answer.
constexpr std::size_t kDrainLimit = 4 * 1024 * 1024;
constexpr auto kDrainTime = std::chrono::seconds(2);

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

std::string remote_address(const tcp::socket& socket) {
  beast::error_code ec;
  auto address = socket.remote_endpoint(ec).address();
  if (ec) return "-";
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

template <class Stream>
class HttpConnection final : public Connection, public std::enable_shared_from_this<HttpConnection<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  template <class... StreamArgs>
  HttpConnection(ConnectionShared& shared, std::string remote, StreamArgs&&... stream_args)
      : shared_(shared), stream_(std::forward<StreamArgs>(stream_args)...), remote_(std::move(remote)),
        buffer_(kBufferLimit) {}

  ~HttpConnection() override {
    if (id_) shared_.registry.remove(id_);
  }

  void start() {
    id_ = shared_.registry.add(this->shared_from_this());
    if constexpr (kTls) {
      tcp().expires_after(shared_.limits.header_timeout);
      stream_.async_handshake(net::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->close();
        self->read_request();
      });
    } else {
      read_request();
    }
  }

  void close_if_idle() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->phase_ == Phase::reading) self->close();
    });
  }

 private:
  // reading: waiting for a request or its headers (closed by a stop); receiving: its body
  // (finished, handled and answered during a stop, like handling and writing).
  enum class Phase { reading, receiving, handling, writing, closed };

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  void read_request() {
    if (shared_.registry.stopping()) return close();
    phase_ = Phase::reading;
    if (served_ > 0 && buffer_.size() == 0) return wait_for_next_request();
    read_header();
  }

  // Between requests of a keep-alive connection: the idle timeout, then the first bytes start
  // the next request's header deadline.
  void wait_for_next_request() {
    buffer_.shrink_to_fit();
    tcp().expires_after(shared_.limits.idle_timeout);
    stream_.async_read_some(buffer_.prepare(1024), [self = this->shared_from_this()](beast::error_code ec,
                                                                                        std::size_t n) {
      if (ec) return self->close();
      self->buffer_.commit(n);
      self->read_header();
    });
  }

  // The parser exists only while a request is read, so an idle connection does not keep one.
  void read_header() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    // No limit while the headers are read: a declared length over the limit is answered in
    // on_header, before any of the body is read; the limit is then set for the body itself.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    tcp().expires_after(shared_.limits.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->on_header(ec);
                            });
  }

  void on_header(const beast::error_code& ec) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      return reject(431, "the request line and headers are larger than " + std::to_string(kHeaderLimit / 1024) +
                             " KiB");
    }
    if (is_parse_error(ec)) return reject(400, "the request is not valid HTTP/1.1: " + ec.message());
    if (ec) return close();  // the client left, or its headers did not arrive in time
    const auto limit = static_cast<std::uint64_t>(shared_.limits.max_body_bytes);
    const auto declared = parser_->content_length();
    if (declared && *declared > limit) return dispatch(body_too_large(shared_.limits.max_body_bytes));
    parser_->body_limit(limit);
    if (parser_->is_done()) return dispatch(std::nullopt);
    phase_ = Phase::receiving;
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) return continue_then_read_body();
    read_body();
  }

  void continue_then_read_body() {
    auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, parser_->get().version());
    tcp().expires_after(shared_.limits.write_timeout);
    http::async_write(stream_, *interim, [self = this->shared_from_this(), interim](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->read_body();
    });
  }

  void read_body() {
    tcp().expires_after(shared_.limits.read_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec == http::error::body_limit) return self->dispatch(body_too_large(self->shared_.limits.max_body_bytes));
      if (is_parse_error(ec)) return self->reject(400, "the request body is not valid HTTP/1.1: " + ec.message());
      if (ec) return self->close();
      self->dispatch(std::nullopt);
    });
  }

  // The request goes to the pool's queue; the I/O thread moves on to other connections. A
  // connection reads nothing more until it is answered, so the queue holds at most one request
  // per open connection.
  void dispatch(std::optional<Error> refused) {
    tcp().expires_never();
    phase_ = Phase::handling;
    auto& message = parser_->get();
    version_ = message.version();
    // An unread body leaves the connection unusable for another request.
    keep_alive_ = message.keep_alive() && !refused;
    IncomingRequest incoming{std::string(message.method_string()), std::string(message.target()),
                             std::string(message[http::field::authorization]), remote_, std::string(), {}};
    if (!refused) incoming.body = std::move(message.body());
    for (const auto& name : kForwardedHeaders) {
      if (auto found = message.find(name); found != message.end()) incoming.headers[name] = std::string(found->value());
    }
    head_ = message.method() == http::verb::head;
    parser_.reset();
    net::post(shared_.pool, [self = this->shared_from_this(), work = net::make_work_guard(shared_.io),
                             incoming = std::move(incoming), refused = std::move(refused)]() mutable {
      self->answer(self->run_guarded([&] { return self->shared_.handler.handle(incoming, refused); }));
    });
  }

  void reject(int status, std::string message) {
    tcp().expires_never();
    phase_ = Phase::handling;
    version_ = 11;
    keep_alive_ = false;
    head_ = false;
    parser_.reset();
    net::post(shared_.pool, [self = this->shared_from_this(), work = net::make_work_guard(shared_.io), status,
                             message = std::move(message)] {
      self->answer(self->run_guarded([&] { return self->shared_.handler.reject(self->remote_, status, message); }));
    });
  }

  // The handler maps every std::exception to 500 itself; anything else still gets an answer,
  // so that the connection is never left waiting.
  template <class Work>
  static ApiResponse run_guarded(Work&& work) {
    try {
      return work();
    } catch (...) {
      log::error("service.http", "request failed with a non-standard exception");
      return error_response(make_error(ErrorCode::internal, "request failed"));
    }
  }

  // From the pool: back onto the connection's strand to write.
  void answer(ApiResponse response) {
    net::post(stream_.get_executor(), [self = this->shared_from_this(), response = std::move(response)]() mutable {
      self->write(std::move(response));
    });
  }

  void write(ApiResponse response) {
    phase_ = Phase::writing;
    if (shared_.registry.stopping()) keep_alive_ = false;
    auto message = std::make_shared<http::response<http::string_body>>();
    message->version(version_);
    message->result(static_cast<unsigned>(response.status));
    message->set(http::field::server, "hsdeploy");
    for (const auto& [name, value] : response.headers) message->set(name, value);
    // Answers are not cached unless they say how (the UI's files, the API's validated reads).
    if (message->find(http::field::cache_control) == message->end()) message->set(http::field::cache_control, "no-store");
    const bool bodiless = response.status == 204 || response.status == 304;
    if (!bodiless) {
      message->set(http::field::content_type, response.content_type);
      message->body() = std::move(response.body);
    }
    message->keep_alive(keep_alive_);
    if (response.status != 304) message->content_length(message->body().size());
    // HEAD: the length a GET would have sent, without the bytes.
    if (head_) message->body().clear();
    tcp().expires_after(shared_.limits.write_timeout);
    http::async_write(stream_, *message, [self = this->shared_from_this(), message](beast::error_code ec, std::size_t) {
      if (ec && ec != http::error::end_of_stream) return self->close();
      ++self->served_;
      if (!self->keep_alive_) return self->close_after_answer();
      self->read_request();
    });
  }

  void close_after_answer() {
    if constexpr (kTls) {
      close();
    } else {
      if (shared_.registry.stopping()) return close();
      phase_ = Phase::closed;
      beast::error_code ignored;
      tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
      tcp().expires_after(kDrainTime);
      drain();
    }
  }

  void drain() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this()](beast::error_code ec,
                                                                                      std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kDrainLimit) return self->close();
      self->drain();
    });
  }

  void close() {
    phase_ = Phase::closed;
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp().close();
  }

  ConnectionShared& shared_;
  Stream stream_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Phase phase_ = Phase::reading;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_ = false;  // the request being answered is a HEAD
  std::uint64_t served_ = 0;
  std::uint64_t id_ = 0;
  std::size_t drained_ = 0;
};

}  // namespace

void serve_plain(tcp::socket socket, ConnectionShared& shared) {
  std::string remote = remote_address(socket);
  std::make_shared<HttpConnection<PlainStream>>(shared, std::move(remote), std::move(socket))->start();
}

void serve_tls(tcp::socket socket, net::ssl::context& tls, ConnectionShared& shared) {
  std::string remote = remote_address(socket);
  std::make_shared<HttpConnection<TlsStream>>(shared, std::move(remote), std::move(socket), tls)->start();
}

}  // namespace hsd::engine::service
