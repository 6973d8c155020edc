// Live data without reloading: load now, then again `interval` ms after each answer (never two
// at once), paused while the tab is hidden and resumed at once when it shows. The loaders send
// conditional requests (cache: 'no-cache'), so an unchanged list costs a 304; an answer equal to
// the last one keeps the same object, so nothing re-renders and nothing moves.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/errors';

export interface Polled<T> {
  data: T | undefined;
  error: string | null;
  reload: () => Promise<void>;
}

/**
 * `until`: an answer after which nothing will change (a finished comparison), so polling stops;
 * the tab showing again reads once more.
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], interval = 2000, until?: (value: T) => boolean): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const lastText = useRef<string>('');
  const runRef = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    let controller: AbortController | null = null;
    setData(undefined);
    lastText.current = '';

    const run = async () => {
      window.clearTimeout(timer);
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      try {
        const value = await load(mine.signal);
        if (stopped || mine.signal.aborted) return;
        const text = JSON.stringify(value);
        if (text !== lastText.current) {
          lastText.current = text;
          setData(value);
        }
        setError(null);
        if (until?.(value)) return;
      } catch (err) {
        if (stopped || mine.signal.aborted) return;
        setError(messageOf(err));
      }
      if (!stopped && !document.hidden) timer = window.setTimeout(run, interval);
    };
    runRef.current = run;

    const onVisibility = () => {
      if (document.hidden) window.clearTimeout(timer);
      else void run();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void run();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      controller?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const reload = useCallback(() => runRef.current(), []);
  return { data, error, reload };
}
