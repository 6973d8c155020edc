// The connection's metadata types with their counts, as links (each type's list has an address).
import { Link } from '../Link';
import type { MetadataTypeCount } from './metadataApi';
import { explorerUrl } from './urls';

interface Props {
  connection: number;
  types: MetadataTypeCount[];
  selected: string | null;
}

export function TypeNav({ connection, types, selected }: Props) {
  return (
    <nav class="type-nav" aria-label="Metadata types">
      <ul>
        {types.map((t) => (
          <li key={t.type}>
            <Link href={explorerUrl(connection, t.type)} aria-current={t.type === selected ? 'page' : undefined}>
              <span class="type-label">{t.label}</span>
              <span class="type-count" aria-label={`${t.count.toLocaleString()} objects`}>
                {t.count.toLocaleString()}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
