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
  params.cipherList = tls.ciphers;
  Poco::Net::Context::Ptr context = new Poco::Net::Context(usage, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  if (usage == Poco::Net::Context::TLS_SERVER_USE) {
    context->preferServerCiphers();
    context->enableSessionCache(true, "titrate");
  }
  return context;
}

}  // namespace

Poco::Net::Context::Ptr make_server_context(const config::TlsConfig& tls) {
  return make_context(Poco::Net::Context::TLS_SERVER_USE, tls,
                      tls.require_client_certificate ? Poco::Net::Context::VERIFY_STRICT
                                                     : Poco::Net::Context::VERIFY_NONE);
}

Poco::Net::Context::Ptr make_client_context(const config::TlsConfig& tls) {
  return make_context(Poco::Net::Context::TLS_CLIENT_USE, tls, Poco::Net::Context::VERIFY_RELAXED);
}

}  // namespace titrate::tls
