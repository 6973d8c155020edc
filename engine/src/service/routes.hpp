// The REST API's route groups (DESIGN.md "REST API"); each file registers one group.
#pragma once

#include "router.hpp"
#include "service_context.hpp"

namespace hsd::engine::service {

void add_workspace_routes(Router& router);   // /me, workspaces, members, audit
void add_connection_routes(Router& router);  // connections, retrieve, jobs
void add_metadata_routes(Router& router);    // a connection's metadata objects
void add_oauth_routes(Router& router);       // consent flow start and callback
void add_ops_routes(Router& router);         // /healthz, /readyz, /metrics, /api/v1/openapi.json
void add_repository_routes(Router& router);  // repositories of VCS connections, backups and their runs
void add_auth_routes(Router& router);        // browser sign-in, sessions, one-time password links
void add_comparison_routes(Router& router);  // comparisons and their changes
void add_watch_routes(Router& router);       // drift watches

// Every route above, in one router.
Router api_router();

}  // namespace hsd::engine::service
