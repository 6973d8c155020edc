// A read-only Monaco editor showing `text`. Monaco is a large chunk, so it is imported here on
// first use (a dynamic import Vite splits out), never by the pages that show no editor.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Editor } from './monaco';

type MonacoModule = typeof import('./monaco');
let loading: Promise<MonacoModule> | null = null;

/** Monaco's chunk, loaded once; a failed load is tried again next time. */
export function loadMonaco(): Promise<MonacoModule> {
  loading ??= import('./monaco').catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * The container element keeps its editor instance as `editor` (HTMLElement & EditorHost), the
 * way the page itself reaches it; the browser tests read the model's text from there, since
 * Monaco renders only the lines in view.
 */
export interface EditorHost {
  editor?: Editor;
}

interface Props {
  text: string;
  /** The editor's accessible name, e.g. "JSON of Deal pipeline, formatted". */
  label: string;
  /** Escape pressed in the editor with nothing of the editor's own to close. */
  onEscape?: () => void;
}

export function JsonEditor({ text, label, onEscape }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const latest = useRef({ text, label, onEscape });
  latest.current = { text, label, onEscape };

  useEffect(() => {
    let cancelled = false;
    let module: MonacoModule | null = null;
    loadMonaco().then(
      (loaded) => {
        if (cancelled || !host.current) return;
        module = loaded;
        editor.current = loaded.createJsonEditor(host.current, latest.current.text, latest.current.label, () => latest.current.onEscape?.());
        (host.current as HTMLElement & EditorHost).editor = editor.current;
        setReady(true);
      },
      () => !cancelled && setError('The JSON editor could not be loaded: reload the page to try again.'),
    );
    return () => {
      cancelled = true;
      if (editor.current && module) module.dispose(editor.current);
      if (host.current) delete (host.current as HTMLElement & EditorHost).editor;
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready || !editor.current) return;
    void loadMonaco().then((m) => {
      if (editor.current && editor.current.getValue() !== text) m.setText(editor.current, text);
    });
  }, [text, ready]);

  useEffect(() => {
    editor.current?.updateOptions({ ariaLabel: label });
  }, [label, ready]);

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
      <div ref={host} class="json-editor" />
    </div>
  );
}
