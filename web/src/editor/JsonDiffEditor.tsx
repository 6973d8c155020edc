// Two JSON texts in Monaco's diff editor, read-only. Like JsonEditor, Monaco's chunk is imported
// on first use, so the Comparisons page loads it only when an object is opened.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DiffEditor } from './monaco';
import { loadMonaco } from './JsonEditor';

/** The container keeps the diff editor as `diffEditor` (the browser tests read its models there). */
export interface DiffEditorHost {
  diffEditor?: DiffEditor;
}

interface Props {
  left: string;
  right: string;
  /** The panes' accessible names, e.g. "Production, workflow 12". */
  leftLabel: string;
  rightLabel: string;
  onEscape?: () => void;
}

export function JsonDiffEditor({ left, right, leftLabel, rightLabel, onEscape }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const latest = useRef({ onEscape });
  latest.current = { onEscape };

  // One editor per pair of texts: the page keys this component by the change it shows, so a
  // new object is a new editor with its own diff (no stale folds or scroll position).
  useEffect(() => {
    let cancelled = false;
    let editor: DiffEditor | null = null;
    let module: Awaited<ReturnType<typeof loadMonaco>> | null = null;
    loadMonaco().then(
      (loaded) => {
        if (cancelled || !host.current) return;
        module = loaded;
        editor = loaded.createJsonDiffEditor(host.current, left, right, { left: leftLabel, right: rightLabel }, () =>
          latest.current.onEscape?.(),
        );
        (host.current as HTMLElement & DiffEditorHost).diffEditor = editor;
        setReady(true);
      },
      () => !cancelled && setError('The diff editor could not be loaded: reload the page to try again.'),
    );
    return () => {
      cancelled = true;
      if (editor && module) module.disposeDiff(editor);
      if (host.current) delete (host.current as HTMLElement & DiffEditorHost).diffEditor;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div class="json-editor-frame">
      {!ready && !error && (
        <p class="json-editor-loading" role="status">
          Loading the editor…
        </p>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div ref={host} class="json-editor json-diff-editor" />
    </div>
  );
}
