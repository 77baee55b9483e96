#pragma once
// Named connections (sluice.yaml `connections:`) and secrets. A connection names a
// PostgreSQL server without its password; the password, and every other secret, comes
// from an environment variable or a secrets file outside the lake — never from
// sluice.yaml, a job spec, the catalog, run records or logs.
//
//   connections:
//     warehouse:
//       url: postgresql://etl@db.internal:5432/analytics   # no password here
//       password_env: WAREHOUSE_PASSWORD                   # or
//       password_file: /etc/sluice/warehouse.password      # (outside the lake)
//
// Secrets by name (a pii step's key_secret:): the environment variable of that name,
// else the entry of that name in the secrets file named by $SLUICE_SECRETS_FILE or by
// sluice.yaml's `secrets_file:` (lines NAME=VALUE; # comments); the file must lie
// outside the lake.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "lake/lake.h"

namespace sluice::jobs {

using lake::ConnectionConfig;  // sluice.yaml's connections: (lake/lake.h)

/// The password of `connection` (from password_env or password_file), nullopt when it
/// names neither (libpq's PGPASSWORD / ~/.pgpass then apply). InvalidArgumentError
/// when the variable is unset or the file unreadable, naming the variable / file —
/// never the value.
std::optional<std::string> ConnectionPassword(const ConnectionConfig& connection);

/// "postgresql://etl@db.internal:5432/analytics" — the url, for messages and records.
std::string DescribeConnection(const ConnectionConfig& connection);

/// The secret `name` (see the file comment); `secrets_file` is sluice.yaml's setting
/// ("" when none); `lake_root` to refuse a secrets file inside the lake.
/// InvalidArgumentError naming the secret and where it was looked for when unset.
std::string ReadSecret(const std::string& name, const std::string& secrets_file, const std::string& lake_root);

}  // namespace sluice::jobs
