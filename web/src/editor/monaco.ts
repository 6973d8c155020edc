// The Monaco chunk: imported only when an editor is shown (JsonEditor's dynamic import), so the
// other pages never load it. Only the core API and the contributions a read-only JSON viewer
// needs are bundled (folding, find, bracket matching, clipboard, the context menu), not the
// whole of `editor.main` with its languages and their workers.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
// The icon font: the folding chevrons and the find widget's buttons are its glyphs.
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
// Monaco runs its model computations (word ranges, link detection) in a web worker; Vite bundles
// it as a file of this origin (CSP worker-src 'self'), no blob: or CDN.
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { jsonLanguage } from './jsonLanguage';

export type Editor = monaco.editor.IStandaloneCodeEditor;
export type DiffEditor = monaco.editor.IStandaloneDiffEditor;

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}
window.MonacoEnvironment = { getWorker: () => new EditorWorker() };

monaco.languages.register({ id: 'json', extensions: ['.json'], mimetypes: ['application/json'] });
monaco.languages.setMonarchTokensProvider('json', jsonLanguage);

// The UI's own palette (base.css): accent blue keys, the text colour for punctuation; every
// colour meets WCAG AA on white.
monaco.editor.defineTheme('hsd-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'key', foreground: '1f5fbf' },
    { token: 'string', foreground: '1e6b34' },
    { token: 'number', foreground: '8a5300' },
    { token: 'keyword', foreground: '5b4ba8' },
    { token: 'delimiter', foreground: '4f5969' },
    { token: 'invalid', foreground: 'b3261e' },
  ],
  colors: {
    'editor.background': '#ffffff',
    'editor.foreground': '#1d2330',
    'editorLineNumber.foreground': '#4f5969',
    'editorLineNumber.activeForeground': '#1d2330',
    'editor.selectionBackground': '#c7dbf7',
    'editor.inactiveSelectionBackground': '#dde7f5',
    'focusBorder': '#0b57d0',
    // The diff's colours are opaque and light, so every token colour above keeps 4.5:1 on a
    // changed line and on a changed word (Monaco's translucent defaults stack to a dark red).
    'diffEditor.removedLineBackground': '#fdeceb',
    'diffEditor.removedTextBackground': '#fbd5d1',
    'diffEditor.insertedLineBackground': '#e9f6ec',
    'diffEditor.insertedTextBackground': '#c8ebd1',
    'diffEditorGutter.removedLineBackground': '#fdeceb',
    'diffEditorGutter.insertedLineBackground': '#e9f6ec',
  },
});

// What the JSON viewer and the diff editor share: read-only, the UI's theme, no minimap, folding
// by indentation, wrapped lines.
const VIEWER_OPTIONS = {
  readOnly: true,
  domReadOnly: true,
  theme: 'hsd-light',
  automaticLayout: true,
  minimap: { enabled: false },
  folding: true,
  foldingStrategy: 'indentation',
  scrollBeyondLastLine: false,
  // A compact object is one long line: wrapped, all of it can be read (the formatted text
  // has short lines, so wrapping changes nothing there). `simple` wrapping assumes a
  // monospace font and measures nothing, which keeps a 1 MB line fast.
  wordWrap: 'on',
  wrappingStrategy: 'simple',
  renderLineHighlight: 'none',
  fontSize: 13,
  lineNumbersMinChars: 3, // a narrow gutter leaves the JSON the width of a phone
  // Tab and Shift+Tab leave the editor rather than being kept in it: nothing is typed in a
  // read-only viewer, and a keyboard user must be able to move on to the rest of the page.
  tabFocusMode: true,
  fixedOverflowWidgets: true,
} satisfies monaco.editor.IStandaloneEditorConstructionOptions & monaco.editor.IStandaloneDiffEditorConstructionOptions;

// When Escape is the page's rather than Monaco's: nothing of the editor's own to close.
const ESCAPE_WHEN = '!findWidgetVisible && !editorHasSelection && !editorHasMultipleSelections';

/**
 * A read-only JSON editor in `container`, labelled for screen readers. Escape inside it calls
 * `onEscape` when Monaco has nothing of its own to close (the find widget, a selection).
 */
export function createJsonEditor(container: HTMLElement, text: string, label: string, onEscape: () => void): Editor {
  const model = monaco.editor.createModel(text, 'json');
  const editor = monaco.editor.create(container, {
    ...VIEWER_OPTIONS,
    model,
    ariaLabel: label,
    showFoldingControls: 'always',
    tabSize: 2,
    // Tokenizing (colouring) gives up on very long lines (the "as sent" view of a compact
    // object is one line); 20000 characters keeps colours on ordinary objects.
    maxTokenizationLineLength: 20_000,
    contextmenu: true,
  });
  // Monaco keeps Escape from reaching the page, so the page's own Escape is a command here.
  editor.addCommand(monaco.KeyCode.Escape, onEscape, ESCAPE_WHEN);
  const observer = untabHiddenWidgets(container);
  editor.onDidDispose(() => observer.disconnect());
  return editor;
}

/**
 * Monaco hides a closed widget (the find widget) with aria-hidden but leaves its inputs and
 * buttons in the tab order, which hands keyboard and screen reader users controls they cannot
 * see (axe-core: aria-hidden-focus). While a widget is hidden its controls leave the tab order
 * (tabindex -1, still focusable by Monaco itself, which focuses the input as it shows the widget),
 * and get their own tabindex back when it shows. (`inert` would block that focus.)
 */
function untabHiddenWidgets(container: HTMLElement): MutationObserver {
  const SAVED = 'data-hsd-tabindex';
  const sync = (widget: Element) => {
    const hidden = widget.getAttribute('aria-hidden') === 'true';
    for (const control of widget.querySelectorAll('input, textarea, button, [tabindex]')) {
      if (hidden && !control.hasAttribute(SAVED)) {
        control.setAttribute(SAVED, control.getAttribute('tabindex') ?? '');
        control.setAttribute('tabindex', '-1');
      } else if (!hidden && control.hasAttribute(SAVED)) {
        const saved = control.getAttribute(SAVED);
        if (saved) control.setAttribute('tabindex', saved);
        else control.removeAttribute('tabindex');
        control.removeAttribute(SAVED);
      }
    }
  };
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      const target = mutation.target as Element;
      if (mutation.type === 'attributes' && target.classList.contains('editor-widget')) sync(target);
      for (const node of mutation.addedNodes) {
        if (node instanceof Element) [node, ...node.querySelectorAll('.editor-widget')].filter((e) => e.classList.contains('editor-widget')).forEach(sync);
      }
    }
  });
  observer.observe(container, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-hidden'] });
  return observer;
}

/**
 * A read-only diff of two JSON texts side by side (inline when narrower than 700 px), its
 * changes highlighted and the unchanged stretches folded away (hideUnchangedRegions: a click on
 * a fold shows it). The diff is computed in the same editor worker as the rest. `labels` name
 * the two panes for screen readers; Escape outside Monaco's own widgets calls `onEscape`.
 */
export function createJsonDiffEditor(
  container: HTMLElement,
  left: string,
  right: string,
  labels: { left: string; right: string },
  onEscape: () => void,
): DiffEditor {
  const editor = monaco.editor.createDiffEditor(container, {
    ...VIEWER_OPTIONS,
    originalEditable: false,
    renderSideBySide: true,
    useInlineViewWhenSpaceIsLimited: true,
    renderSideBySideInlineBreakpoint: 700,
    hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 20 },
    renderOverviewRuler: false,
    diffWordWrap: 'on',
    originalAriaLabel: labels.left,
    modifiedAriaLabel: labels.right,
    // A large object's diff may take a while; 5 s, then Monaco shows what it has computed.
    maxComputationTime: 5000,
  });
  editor.setModel({ original: monaco.editor.createModel(left, 'json'), modified: monaco.editor.createModel(right, 'json') });
  // Each pane's text area keeps its name for screen readers (axe: label): in 0.52 the diff
  // editor passes originalAriaLabel/modifiedAriaLabel only with the options that name them, and
  // any later update of its panes' options (the switch to inline on a narrow screen) clears it.
  for (const [pane, label] of [[editor.getOriginalEditor(), labels.left], [editor.getModifiedEditor(), labels.right]] as const) {
    const keep = () => {
      if (!pane.getOption(monaco.editor.EditorOption.ariaLabel).startsWith(label)) pane.updateOptions({ ariaLabel: label });
    };
    keep();
    pane.onDidChangeConfiguration(keep);
  }
  for (const side of [editor.getOriginalEditor(), editor.getModifiedEditor()]) {
    side.addCommand(monaco.KeyCode.Escape, onEscape, ESCAPE_WHEN);
  }
  const observer = untabHiddenWidgets(container);
  editor.onDidDispose(() => observer.disconnect());
  return editor;
}

export function disposeDiff(editor: DiffEditor): void {
  const model = editor.getModel();
  editor.dispose();
  model?.original.dispose();
  model?.modified.dispose();
}

/** Replaces the editor's text (a switch between "Formatted" and "As sent"). */
export function setText(editor: Editor, text: string): void {
  editor.getModel()?.setValue(text);
  editor.setScrollPosition({ scrollTop: 0, scrollLeft: 0 });
}

export function dispose(editor: Editor): void {
  const model = editor.getModel();
  editor.dispose();
  model?.dispose();
}
