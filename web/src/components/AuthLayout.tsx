import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import '../styles/auth.css';

/** The signed-out pages: the product's name and one centred form. */
export function AuthLayout({ title, children }: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · HubSpot Deploy`;
  }, [title]);
  return (
    <main class="auth">
      <div class="auth-card">
        <p class="brand" aria-hidden="true">
          HubSpot Deploy
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
