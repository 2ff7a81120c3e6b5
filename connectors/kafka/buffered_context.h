#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/bus/bus.h"
#include "gateway/store/module_state.h"

namespace titrate::kafka {

// The HandlerContext of one handler call: publications and state writes are kept here until
// the handler returns, then produced and committed together by the consumer; a handler that
// throws leaves nothing behind. Reads see this call's writes first, then the module state.
class BufferedContext : public bus::HandlerContext {
 public:
  explicit BufferedContext(const store::ModuleState& state) : state_(state) {}

  void publish(std::string_view topic, bus::Event event) override;
  std::optional<std::string> get_state(std::string_view space, std::string_view key) override;
  void put_state(std::string_view space, std::string_view key, std::string value) override;

  const std::vector<std::pair<std::string, bus::Event>>& publications() const {
    return publications_;
  }
  const std::vector<store::StateWrite>& writes() const { return writes_; }

 private:
  store::StateWrite* find_write(std::string_view space, std::string_view key);

  const store::ModuleState& state_;
  std::vector<std::pair<std::string, bus::Event>> publications_;
  std::vector<store::StateWrite> writes_;
};

}  // namespace titrate::kafka
