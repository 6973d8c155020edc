// Endpoints and fields of the issue-11 contract that the engine's OpenAPI document does not
// describe yet (they land with the `webapi` branch). `ApiPaths` in client.ts lets
// the generated document win for every path it has, so each entry here stops mattering (and can
// be deleted) as soon as the real description arrives; until then the UI is typed against the
// contract of issue 11, not against guesses spread through components.

interface Json<T> {
  content: { 'application/json': T };
}

export interface LastRetrieval {
  finished_at: string | null;
  duration_ms: number;
  objects: number;
  objects_by_type: Record<string, number>;
}

/** What the connection views (list and show) add for the UI. Optional until the API has them. */
export interface PendingConnectionFields {
  last_retrieval?: LastRetrieval | null;
  token_refreshed_at?: string | null;
}

export interface ConnectionRun {
  id: number;
  pipeline: string;
  state: string;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  requests: number;
  retries: number;
  rate_limited: number;
  objects: number;
  error: string;
}

export interface DeletionImpact {
  metadata_objects: number;
  snapshots: number;
  comparisons: number;
  backup_configs: number;
  backup_runs: number;
  deployments: number;
  repositories: number;
  jobs: number;
}

export interface Branches {
  repository: string;
  default_branch: string;
  branches: string[];
}

export interface PendingPaths {
  '/api/v1/connections/{id}/runs': { get: { responses: { 200: Json<ConnectionRun[]> } } };
  '/api/v1/connections/{id}/deletion-impact': { get: { responses: { 200: Json<DeletionImpact> } } };
  '/api/v1/connections/{id}/branches': { get: { responses: { 200: Json<Branches> } } };
}
