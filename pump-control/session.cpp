#include "pump-control/session.h"

namespace titrate::pump_control {

bool is_terminal(model::SessionState state) {
  return state == model::SessionState::kCompleted || state == model::SessionState::kStopped ||
         state == model::SessionState::kAborted;
}

int64_t running_time_us(const Session& session, int64_t at_us) {
  int64_t total = session.running_us;
  if (session.running_since_us != 0 && at_us > session.running_since_us) {
    total += at_us - session.running_since_us;
  }
  return total;
}

}  // namespace titrate::pump_control
