#pragma once

#include <optional>
#include <string>
#include <string_view>

// base64url without padding (RFC 4648 §5, as JOSE uses it): the signing side
// (connectors/push/smart_client_assertion) and the verifying side (connectors/auth).
namespace titrate::jwt {

void append_base64url(std::string_view in, std::string& out);
std::string base64url_encode(std::string_view in);
// nullopt for a character outside the alphabet, padding, or a length no encoder produces.
std::optional<std::string> base64url_decode(std::string_view in);

}  // namespace titrate::jwt
