// The repositories as a listbox: Tab into it, arrows move, Enter or Space chooses; those
// already added are shown but cannot be chosen again.
import { useRef } from 'preact/hooks';
import type { AvailableRepository } from '../api/types';

interface Props {
  id: string;
  repos: AvailableRepository[];
  chosen: AvailableRepository | null;
  onChoose: (repo: AvailableRepository) => void;
  total: number;
}

export function RepoListbox({ id, repos, chosen, onChoose, total }: Props) {
  const listRef = useRef<HTMLUListElement>(null);

  const onKeyDown = (event: KeyboardEvent) => {
    const options = Array.from(listRef.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? []);
    const index = options.indexOf(document.activeElement as HTMLElement);
    let next = -1;
    if (event.key === 'ArrowDown') next = Math.min(options.length - 1, index + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = options.length - 1;
    if (next >= 0) {
      event.preventDefault();
      options[next]?.focus();
    }
  };

  if (total === 0) return <p class="empty-inline">The token cannot reach any repository.</p>;
  if (repos.length === 0) return <p class="empty-inline">No repository matches.</p>;
  const focusIndex = Math.max(0, repos.findIndex((r) => r.id === chosen?.id));
  return (
    <ul id={id} ref={listRef} class="listbox" role="listbox" aria-label="Repositories" onKeyDown={onKeyDown}>
      {repos.map((repo, index) => {
        const added = repo.added !== null && repo.added !== undefined;
        const selected = chosen?.id === repo.id;
        const choose = () => {
          if (!added) onChoose(repo);
        };
        return (
          <li key={repo.id} role="option" aria-selected={selected ? 'true' : 'false'} aria-disabled={added ? 'true' : undefined}
            tabIndex={index === focusIndex ? 0 : -1} class={selected ? 'option selected' : 'option'} onClick={choose}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                choose();
              }
            }}>
            <span>{repo.full_name}</span>
            {repo.private && <span class="tag">private</span>}
            {repo.archived && <span class="tag">archived</span>}
            {added && <span class="tag">already added</span>}
          </li>
        );
      })}
    </ul>
  );
}
