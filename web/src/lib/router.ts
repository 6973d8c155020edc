// A tiny router on the History API: the address bar is the state, `navigate` changes it and
// tells every component that reads it. The service answers index.html for every UI path, so a
// reload or a shared link lands on the same page.
import { useEffect, useState } from 'preact/hooks';

export { matchRoute } from './matchRoute';

export interface Location {
  path: string;
  search: URLSearchParams;
  hash: string;
}

const listeners = new Set<() => void>();

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search), hash: window.location.hash };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((listener) => listener());
}

window.addEventListener('popstate', () => listeners.forEach((listener) => listener()));

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return location;
}

/** Same-tab left clicks on internal links go through `navigate`; others (new tab...) stay native. */
export function followLink(event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}
