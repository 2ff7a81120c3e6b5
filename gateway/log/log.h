#pragma once

#include <cstdarg>

// Operational log lines on stderr. Callers log journal ids, control ids, channel names and
// counts — never names, identifiers, birth dates or message content (no PHI in logs).
namespace titrate::log {

enum class Level { kDebug, kInfo, kWarning, kError };

void set_min_level(Level level);
void write(Level level, const char* format, ...) __attribute__((format(printf, 2, 3)));

#define TITRATE_LOG_INFO(...) ::titrate::log::write(::titrate::log::Level::kInfo, __VA_ARGS__)
#define TITRATE_LOG_WARN(...) ::titrate::log::write(::titrate::log::Level::kWarning, __VA_ARGS__)
#define TITRATE_LOG_ERROR(...) ::titrate::log::write(::titrate::log::Level::kError, __VA_ARGS__)
#define TITRATE_LOG_DEBUG(...) ::titrate::log::write(::titrate::log::Level::kDebug, __VA_ARGS__)

}  // namespace titrate::log
