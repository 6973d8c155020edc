// One differing object: its two normalised documents formatted by the UI's formatter and shown
// in Monaco's diff editor (loaded with Monaco, on first use), or for an ambiguous key the ids on
// each side that share it. Escape or Close goes back to the object's row.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { comparisonsApi, type ChangeDetail, type Comparison } from '../../api/comparisons';
import { messageOf } from '../../api/errors';
import { formatJson } from '../../lib/jsonFormat';
import { keyText, KIND_LABELS } from '../../lib/comparisonText';
import { JsonDiffEditor } from '../../editor/JsonDiffEditor';

interface Props {
  comparison: Comparison;
  changeId: number;
  typeLabel: (type: string) => string;
  onClose: () => void;
}

/** A document formatted for reading; one the formatter cannot read is shown as stored. */
function readable(text: string): string {
  if (!text) return '';
  const formatted = formatJson(text);
  return formatted.ok ? formatted.text : text;
}

export function ChangeDiff({ comparison, changeId, typeLabel, onClose }: Props) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [detail, setDetail] = useState<ChangeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setDetail(null);
    setError(null);
    comparisonsApi.change(comparison.id, changeId, controller.signal).then(
      (loaded) => {
        setDetail(loaded);
        heading.current?.focus();
      },
      (err) => !controller.signal.aborted && setError(messageOf(err)),
    );
    return () => controller.abort();
  }, [comparison.id, changeId]);

  const name = detail ? detail.name || keyText(detail.key) : `difference ${changeId}`;
  return (
    <section class="change-diff" aria-labelledby={headingId} onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div class="change-diff-head">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          {name}
        </h2>
        <button type="button" class="small" onClick={onClose}>
          Close
        </button>
      </div>
      {error && (
        <p class="field-error" role="alert">
          Could not load the difference: {error}
        </p>
      )}
      {!detail && !error && <p role="status">Loading…</p>}
      {detail && (
        <>
          <p class="change-facts">
            <span class={`change-kind kind-${detail.kind}`}>{KIND_LABELS[detail.kind]}</span> {typeLabel(detail.type)} · key <code>{keyText(detail.key)}</code>
            {detail.left_id && ` · left id ${detail.left_id}`}
            {detail.right_id && ` · right id ${detail.right_id}`}
            {detail.kind === 'changed' && ` · ${detail.operations} ${detail.operations === 1 ? 'change' : 'changes'}`}
          </p>
          {detail.kind === 'ambiguous' ? (
            <p>
              More than one object has this key, so none of them is compared: the left side has {detail.left_id || 'none'}, the right side{' '}
              {detail.right_id || 'none'}. Give them distinct names (or keys) to compare them.
            </p>
          ) : (
            <>
              <p class="diff-legend muted">
                Left: {comparison.left.label}
                {detail.kind === 'added' && ' (no such object)'} · Right: {comparison.right.label}
                {detail.kind === 'removed' && ' (no such object)'}. Unchanged stretches are folded: select one to show it.
              </p>
              <JsonDiffEditor key={detail.id} left={readable(detail.left_document)} right={readable(detail.right_document)}
                leftLabel={`${name} on ${comparison.left.label}, formatted`} rightLabel={`${name} on ${comparison.right.label}, formatted`}
                onEscape={onClose} />
            </>
          )}
        </>
      )}
    </section>
  );
}
