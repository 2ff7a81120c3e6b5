#include "gateway/store/resource_store_open.h"

#include <filesystem>

namespace titrate::store {

ResourceStoreOptions resource_store_options(const config::GatewayConfig& config) {
  ResourceStoreOptions options;
  options.path = (std::filesystem::path(config.data_dir) / config.journal_file).string();
  options.postgresql_url = config.resource_store_url;
  options.max_connections = config.resource_store_max_connections;
  return options;
}

ResourceStoreOptions audit_store_options(const config::GatewayConfig& config) {
  ResourceStoreOptions options;
  options.path = (std::filesystem::path(config.data_dir) / "audit.db").string();
  options.postgresql_url =
      config.audit.store.empty() ? config.resource_store_url : config.audit.store;
  options.max_connections = config.resource_store_max_connections;
  return options;
}

std::unique_ptr<ResourceStore> open_resource_store(const config::GatewayConfig& config) {
  return std::make_unique<ResourceStore>(resource_store_options(config));
}

}  // namespace titrate::store
