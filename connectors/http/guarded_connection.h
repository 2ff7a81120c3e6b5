#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <functional>

#include "connectors/http/http_limits.h"
#include "connectors/http/request_deadlines.h"

namespace titrate::http {

using GuardedHandler = std::function<void(
    Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&, RequestDeadlines::Watch&)>;

// Makes the connections of the HTTP listener. Each serves its requests like POCO's
// HTTPServerConnection, plus the abuse limits POCO lacks or applies silently: the per-client
// connection cap (429), the header deadline (408), header limits (431 with the reason: POCO
// itself answers a bare 400 to more than 100 fields or a field over 8 KiB) and counted refusals.
// The handler reads the body under the body deadline and disarms it.
class GuardedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  GuardedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, HttpLimits& limits,
                           RequestDeadlines& deadlines, GuardedHandler handler);
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  HttpLimits& limits_;
  RequestDeadlines& deadlines_;
  GuardedHandler handler_;
};

}  // namespace titrate::http
