// The explorer's code is a chunk of its own, loaded on the first visit to an explorer address,
// so the Connections page's bundle does not grow with it (and Monaco is a further chunk still).
import { useEffect, useState } from 'preact/hooks';
import type { ComponentProps, FunctionComponent } from 'preact';
import type { MetadataPage as Page } from './MetadataPage';

type Props = ComponentProps<typeof Page>;
let loaded: FunctionComponent<Props> | null = null;

export function MetadataLoader(props: Props) {
  const [Component, setComponent] = useState<FunctionComponent<Props> | null>(() => loaded);
  const [error, setError] = useState(false);
  useEffect(() => {
    if (Component) return;
    import('./MetadataPage').then(
      (module) => {
        loaded = module.MetadataPage;
        setComponent(() => module.MetadataPage);
      },
      () => setError(true),
    );
  }, []);
  if (error) return <p role="alert">The Metadata Explorer could not be loaded: reload the page to try again.</p>;
  if (!Component) return <p role="status">Loading…</p>;
  return <Component {...props} />;
}
