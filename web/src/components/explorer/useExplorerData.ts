// What the explorer needs about the connection: the connection itself (label, plugin), its
// plugin's type declarations (summaries) and its types with counts. Before the first retrieval
// has finished, the types are asked for again every 3 s, so the empty state gives way to the
// metadata without a reload.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { messageOf } from '../../api/errors';
import type { Connection, Plugin } from '../../api/types';
import { metadataApi, type MetadataTypes } from './metadataApi';

export interface ExplorerData {
  connection: Connection | null;
  plugin: Plugin | null;
  types: MetadataTypes | null;
  error: string | null;
}

const RETRY_MS = 3000;

export function useExplorerData(connectionId: number): ExplorerData {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [plugin, setPlugin] = useState<Plugin | null>(null);
  const [types, setTypes] = useState<MetadataTypes | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    Promise.all([api.connection(connectionId), metadataApi.types(connectionId, controller.signal), api.plugins()]).then(
      ([c, t, plugins]) => {
        setConnection(c);
        setTypes(t);
        setPlugin(plugins.find((p) => p.id === c.plugin) ?? null);
      },
      (failure) => !controller.signal.aborted && setError(messageOf(failure)),
    );
    return () => controller.abort();
  }, [connectionId]);

  useEffect(() => {
    if (!types || types.retrieved_at !== null) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      // A failed try is tried again (a new object restarts this effect).
      metadataApi.types(connectionId, controller.signal).then(setTypes, () => !controller.signal.aborted && setTypes({ ...types }));
    }, RETRY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [connectionId, types]);

  return { connection, plugin, types, error };
}
