// The Comparisons pages are a chunk of their own, loaded on the first visit to /comparisons, so
// the Connections page's bundle does not grow with them (and Monaco, with its diff editor, is a
// further chunk loaded only when an object's diff is opened).
import { useEffect, useState } from 'preact/hooks';

type Chunk = typeof import('./comparisonsChunk');
let loaded: Chunk | null = null;

/** `id` null: the list page; a number: that comparison's page. */
export function ComparisonsLoader({ id }: { id: number | null }) {
  const [chunk, setChunk] = useState<Chunk | null>(() => loaded);
  const [error, setError] = useState(false);
  useEffect(() => {
    if (chunk) return;
    import('./comparisonsChunk').then(
      (module) => {
        loaded = module;
        setChunk(module);
      },
      () => setError(true),
    );
  }, []);
  if (error) return <p role="alert">The Comparisons page could not be loaded: reload the page to try again.</p>;
  if (!chunk) return <p role="status">Loading…</p>;
  return id === null ? <chunk.ComparisonsPage /> : <chunk.ComparisonPage key={id} id={id} />;
}
