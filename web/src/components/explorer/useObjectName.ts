// The name of the object the inspector shows: from the loaded page when it holds the object,
// else (a deep link, another page) from a search for its id, whose matches include it.
import { useEffect, useState } from 'preact/hooks';
import { metadataApi, type MetadataObject } from './metadataApi';

export function useObjectName(connection: number, type: string | null, objectId: string | undefined, listed: MetadataObject | undefined): string | null {
  const [found, setFound] = useState<string | null>(null);
  useEffect(() => {
    setFound(null);
    if (objectId === undefined || !type || listed) return;
    const controller = new AbortController();
    metadataApi.list(connection, { type, q: objectId }, controller.signal).then(
      (answer) => setFound(answer.items.find((item) => item.id === objectId)?.name ?? null),
      () => {}, // the name is a nicety: the inspector shows the id, and its own errors
    );
    return () => controller.abort();
  }, [connection, type, objectId, Boolean(listed)]);
  return listed?.name ?? found;
}
