#include "tls_context.hpp"

#include <Poco/Net/InvalidCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/VerificationErrorArgs.h>

#include <mutex>
#include <utility>

namespace hsd::engine::detail {
namespace {

constexpr const char* kSystemCaDir = "/etc/ssl/certs";

thread_local std::string verification_failure;

// Rejects every certificate that fails verification, like Poco's RejectCertificateHandler,
// and remembers why, so the request's error can say so.
class RecordingRejectHandler : public Poco::Net::InvalidCertificateHandler {
 public:
  RecordingRejectHandler() : InvalidCertificateHandler(false) {}
  void onInvalidCertificate(const void*, Poco::Net::VerificationErrorArgs& args) override {
    // OpenSSL reports the first problem it meets; later ones follow from it.
    if (verification_failure.empty()) verification_failure = args.errorMessage();
    args.setIgnoreError(false);
  }
};

}  // namespace

Poco::Net::Context::Ptr make_client_tls_context(const std::string& ca_file, bool verify) {
  static std::once_flag ssl_initialized;
  std::call_once(ssl_initialized, [] { Poco::Net::initializeSSL(); });

  Poco::Net::Context::Params params;
  params.verificationMode =
      verify ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_NONE;
  // caLocation takes one file or folder; the system store is also loaded as OpenSSL's
  // default verify paths, which on Debian are /etc/ssl/certs.
  params.caLocation = ca_file.empty() ? kSystemCaDir : ca_file;
  params.loadDefaultCAs = true;
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  // A context-local handler: a certificate that fails verification is rejected, never
  // offered to an interactive or process-wide handler.
  context->setInvalidCertificateHandler(new RecordingRejectHandler);
  return context;
}

std::string take_tls_verification_failure() { return std::exchange(verification_failure, {}); }

}  // namespace hsd::engine::detail
