/** The outcome of a round trip to a provider (OAuth), until dismissed. */
export function Banner({ kind, message, onDismiss }: { kind: 'success' | 'error'; message: string; onDismiss: () => void }) {
  return (
    <div class={`banner banner-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <span>{message}</span>
      <button type="button" class="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
