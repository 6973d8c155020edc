/** A polite live region: status changes are read out without taking focus. */
export function LiveRegion({ message }: { message: string }) {
  return (
    <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
