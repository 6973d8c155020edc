// Deleting a connection, the same way from the CLI and the API: its queued jobs are
// cancelled, its running job is stopped, its token is revoked where the plugin can, and then
// the delete pipeline removes the connection and everything that belongs to it in one
// transaction and records it in the audit log.
#pragma once

#include "audit.hpp"
#include "credential_service.hpp"
#include "job_workers.hpp"

namespace hsd::engine {

// workers: the process's job workers, or null (the one-shot CLI): a job running elsewhere is
// marked cancelled, and its worker stops when its heartbeat finds out.
Status remove_connection(Engine& engine, CredentialService& credentials, JobWorkers* workers, const JsonObject& row,
                         const Actor& actor);

}  // namespace hsd::engine
