// One object: its plugin-declared summary and its JSON in Monaco, "Formatted" (indented and
// foldable, every token as sent) or "As sent" (the provider's bytes as they are). Copy and
// Download give the exact bytes whichever view is shown.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { messageOf } from '../../api/errors';
import { JsonEditor } from '../../editor/JsonEditor';
import { formatJson } from '../../lib/jsonFormat';
import { fetchRaw, rawUrl, type SummaryField } from './metadataApi';
import { summarize } from './summary';
import { SummaryList } from './SummaryList';

export type View = 'formatted' | 'sent';

interface Props {
  connection: number;
  type: string;
  typeLabel: string;
  objectId: string;
  /** The object's name when the list knows it (a deep link may land before the list does). */
  name: string | null;
  summary: SummaryField[];
  /** The view is part of the address (`?view=sent`), so a link can open the bytes as sent. */
  view: View;
  onView: (view: View) => void;
  onClose: () => void;
  announce: (message: string) => void;
}

type Raw = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'loaded'; text: string };

export function Inspector({ connection, type, typeLabel, objectId, name, summary, view, onView, onClose, announce }: Props) {
  const [raw, setRaw] = useState<Raw>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setRaw({ state: 'loading' });
    fetchRaw(connection, type, objectId, controller.signal).then(
      (text) => setRaw({ state: 'loaded', text }),
      (error) => !controller.signal.aborted && setRaw({ state: 'failed', message: messageOf(error) }),
    );
    return () => controller.abort();
  }, [connection, type, objectId]);

  const text = raw.state === 'loaded' ? raw.text : '';
  const formatted = useMemo(() => (raw.state === 'loaded' ? formatJson(text) : null), [raw.state, text]);
  const size = useMemo(() => byteSize(text), [text]);
  const lines = useMemo(() => {
    if (!formatted?.ok) return [];
    try {
      return summarize(JSON.parse(text), summary);
    } catch {
      return [];
    }
  }, [formatted, text, summary]);

  const title = name || objectId;
  const shownView: View = formatted && !formatted.ok ? 'sent' : view;
  const editorText = shownView === 'formatted' && formatted?.ok ? formatted.text : text;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      announce('The JSON as sent was copied');
    } catch {
      announce('The browser did not allow copying: use Download instead');
    }
  };

  return (
    <section class="inspector" aria-labelledby="inspector-title">
      <div class="inspector-head">
        <button type="button" class="inspector-close" onClick={onClose}>
          <span aria-hidden="true">←</span> Back to the list
        </button>
        <h2 id="inspector-title" tabIndex={-1}>
          {title}
        </h2>
        <p class="inspector-meta">
          {typeLabel} · id <code>{objectId}</code>
        </p>
      </div>
      {raw.state === 'loading' && <p role="status">Loading the object…</p>}
      {raw.state === 'failed' && (
        <p class="field-error" role="alert">
          {raw.message}
        </p>
      )}
      {raw.state === 'loaded' && (
        <>
          <SummaryList lines={lines} />
          {formatted && !formatted.ok && (
            <p class="notice" role="note">
              This object is not valid JSON ({formatted.error}), so it is shown as sent.
            </p>
          )}
          <div class="inspector-tools">
            <div class="view-switch" role="group" aria-label="JSON view">
              <button type="button" aria-pressed={shownView === 'formatted'} disabled={!formatted?.ok} onClick={() => onView('formatted')}>
                Formatted
              </button>
              <button type="button" aria-pressed={shownView === 'sent'} onClick={() => onView('sent')}>
                As sent
              </button>
            </div>
            <button type="button" onClick={() => void copy()}>
              Copy
            </button>
            <a class="button-link" href={rawUrl(connection, type, objectId, true)} download>
              Download
            </a>
            <span class="inspector-size">{size}</span>
          </div>
          <JsonEditor
            text={editorText}
            label={`JSON of ${title}, ${shownView === 'formatted' ? 'formatted' : 'as sent'}`}
            onEscape={onClose}
          />
        </>
      )}
    </section>
  );
}

function byteSize(text: string): string {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
