#pragma once

#include <string>
#include <vector>

namespace titrate::app {

int run_serve(const std::vector<std::string>& args);
int run_send(const std::vector<std::string>& args);
int run_journal(const std::vector<std::string>& args);
int run_map(const std::vector<std::string>& args);
int run_bus(const std::vector<std::string>& args);
int run_outbox(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_pump_sim(const std::vector<std::string>& args);

}  // namespace titrate::app
