#include "connectors/tls/tls_context.h"

#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>

#include <mutex>

namespace titrate::tls {
namespace {

// POCO consults a process-wide handler when verification fails; reject, never prompt.
void initialize_ssl_manager_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject(
        new Poco::Net::RejectCertificateHandler(false));
    Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, nullptr);
    Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject_server(
        new Poco::Net::RejectCertificateHandler(true));
    Poco::Net::SSLManager::instance().initializeServer(nullptr, reject_server, nullptr);
  });
}

Poco::Net::Context::Ptr make_context(Poco::Net::Context::Usage usage, const config::TlsConfig& tls,
                                     Poco::Net::Context::VerificationMode mode) {
  initialize_ssl_manager_once();
  Poco::Net::Context::Params params;
  params.privateKeyFile = tls.private_key;
  params.certificateFile = tls.certificate;
  params.caLocation = tls.ca;
  params.verificationMode = mode;
  params.verificationDepth = 9;
  params.loadDefaultCAs = tls.ca.empty();
  // Never a suite without server authentication or encryption, whatever the configured list.
  params.cipherList = tls.ciphers + ":!aNULL:!eNULL";
  Poco::Net::Context::Ptr context = new Poco::Net::Context(usage, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  if (usage == Poco::Net::Context::TLS_SERVER_USE) {
    context->preferServerCiphers();
    context->enableSessionCache(true, "titrate");
    // POCO's "extended verification" matches the peer certificate against the peer's host name;
    // on a server that is the client's IP address, which client certificates do not name. The
    // chain is still verified by OpenSSL (VERIFY_STRICT); who the client is, is decided by its
    // subject (allowed_senders[].certificate_subject).
    context->enableExtendedCertificateVerification(false);
  } else {
    context->enableExtendedCertificateVerification(true);  // the default, said out loud
  }
  return context;
}

}  // namespace

Poco::Net::Context::Ptr make_server_context(const config::TlsConfig& tls) {
  return make_context(Poco::Net::Context::TLS_SERVER_USE, tls,
                      tls.require_client_certificate ? Poco::Net::Context::VERIFY_STRICT
                                                     : Poco::Net::Context::VERIFY_NONE);
}

// For a client VERIFY_STRICT verifies the server's chain exactly as VERIFY_RELAXED does, but
// POCO skips the host-name check under RELAXED when the host is a loopback address; STRICT
// checks the name (SAN DNS or IP entry) whatever the host.
Poco::Net::Context::Ptr make_client_context(const config::TlsConfig& tls) {
  return make_context(Poco::Net::Context::TLS_CLIENT_USE, tls, Poco::Net::Context::VERIFY_STRICT);
}

}  // namespace titrate::tls
