#pragma once

#include <Poco/Net/Context.h>

#include "gateway/config/gateway_config.h"

namespace titrate::tls {

// TLS 1.2 or later, the configured cipher list, and peer verification:
// servers verify client certificates strictly (VERIFY_STRICT) when the listener requires them;
// clients always verify the server's chain against the configured CA (the system's CAs when
// none is configured) and its name against the host they connect to, and present their own
// certificate when one is configured.
Poco::Net::Context::Ptr make_server_context(const config::TlsConfig& tls);
Poco::Net::Context::Ptr make_client_context(const config::TlsConfig& tls);

}  // namespace titrate::tls
