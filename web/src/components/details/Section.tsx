import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** A named region of the details page. */
export function Section({ title, children, wide }: { title: string; children: ComponentChildren; wide?: boolean }) {
  const id = useId();
  return (
    <section class={wide ? 'details-section wide' : 'details-section'} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
