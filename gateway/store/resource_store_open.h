// Opens the resource store the gateway config names: PostgreSQL when store.resources is a
// postgresql:// URL, else the journal's SQLite file (data_dir/store.journal).
#pragma once

#include <memory>

#include "gateway/config/gateway_config.h"
#include "gateway/store/resource_store.h"

namespace titrate::store {

ResourceStoreOptions resource_store_options(const config::GatewayConfig& config);

// Throws JournalError.
std::unique_ptr<ResourceStore> open_resource_store(const config::GatewayConfig& config);

// The audit store (config.audit.store): PostgreSQL when given or when store.resources is, else
// data_dir/audit.db.
ResourceStoreOptions audit_store_options(const config::GatewayConfig& config);

}  // namespace titrate::store
