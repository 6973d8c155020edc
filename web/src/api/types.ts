// Names for the API's schemas, from the types generated from the OpenAPI document.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Me = Schemas['User'];
export type Workspace = Schemas['Workspace'];
export type Role = Schemas['Role'];
export type Plugin = Schemas['Plugin'];
export type ConnectParam = Schemas['ConnectParam'];
export type Connection = Schemas['Connection'];
export type ConnectionStatus = Schemas['Connection']['status'];
export type Repository = Schemas['Repository'];
export type AvailableRepositories = Schemas['AvailableRepositories'];
export type AvailableRepository = AvailableRepositories['repositories'][number];
export type Backup = Schemas['Backup'];
export type BackupRun = Schemas['BackupRun'];
export type SessionUser = Schemas['SessionUser'];
export type SignedIn = Schemas['SignedIn'];
export type SessionInfo = Schemas['SessionInfo'];
export type ConnectionRun = Schemas['Run'];
export type DeletionImpact = Schemas['DeletionImpact'];
export type Branches = Schemas['RepositoryBranches'];
export type LastRetrieval = Schemas['LastRetrieval'];
export type RepoDeletionImpact = Schemas['RepositoryDeletionImpact'];

/** Admins and owners change connections; members only look. */
export function canAdminister(role: Role | undefined): boolean {
  return role === 'admin' || role === 'owner';
}
