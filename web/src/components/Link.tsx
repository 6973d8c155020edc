import type { ComponentChildren, JSX } from 'preact';
import { followLink } from '../lib/router';

type Props = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string; children: ComponentChildren };

/** A real link (opens in a new tab too) that moves inside the app without reloading it. */
export function Link({ href, children, ...rest }: Props) {
  return (
    <a href={href} onClick={(event) => followLink(event as unknown as MouseEvent, href)} {...rest}>
      {children}
    </a>
  );
}
