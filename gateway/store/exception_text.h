#pragma once

#include <exception>
#include <string>

namespace titrate::store {

// The message of a caught exception (Poco's displayText for Poco exceptions), for an error
// recorded in the store or logged by the bus.
std::string exception_text(std::exception_ptr error);

}  // namespace titrate::store
