import { useRef } from 'preact/hooks';
import { uniqueId } from './ids';

/** A stable id for this component instance. */
export function useId(prefix: string): string {
  const ref = useRef<string>('');
  if (!ref.current) ref.current = uniqueId(prefix);
  return ref.current;
}
