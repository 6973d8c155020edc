/** While the session is checked; or why the service could not be asked. */
export function LoadingPage({ error }: { error?: string }) {
  return (
    <main class="loading">
      {error ? (
        <p role="alert">{error}</p>
      ) : (
        <p role="status" aria-live="polite">
          Loading…
        </p>
      )}
    </main>
  );
}
