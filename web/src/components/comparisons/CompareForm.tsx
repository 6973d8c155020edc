// A new comparison: the two sides, the types to compare (none chosen: every type), Compare.
// The service answers 202 at once; the comparison's own page follows the job.
import { useId, useState } from 'preact/hooks';
import { comparisonsApi } from '../../api/comparisons';
import { messageOf } from '../../api/errors';
import type { Connection, Plugin } from '../../api/types';
import { emptyChoice, sideFromChoice, sideOfError, type SideChoice, type SideName } from '../../lib/comparisonText';
import { SidePicker } from './SidePicker';
import { FieldError } from '../Field';

interface Props {
  workspace: number;
  sources: Connection[];
  plugins: Plugin[];
  onCreated: (id: number) => void;
}

export function CompareForm({ workspace, sources, plugins, onCreated }: Props) {
  const id = useId();
  const [left, setLeft] = useState<SideChoice>(emptyChoice);
  const [right, setRight] = useState<SideChoice>(emptyChoice);
  const [types, setTypes] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ left: string | null; right: string | null; form: string | null }>({ left: null, right: null, form: null });
  const [busy, setBusy] = useState(false);

  // The types the chosen portals' plugins declare (both sides are normally the same plugin).
  const pluginIds = new Set([left.connection, right.connection].map((c) => sources.find((s) => String(s.id) === c)?.plugin).filter(Boolean));
  const declared = plugins.filter((p) => pluginIds.has(p.id)).flatMap((p) => p.metadata_types);
  const typeChoices = declared.filter((t, i) => declared.findIndex((d) => d.type === t.type) === i);

  const submit = async (event: Event) => {
    event.preventDefault();
    const l = sideFromChoice(left);
    const r = sideFromChoice(right);
    const next = { left: 'missing' in l ? l.missing : null, right: 'missing' in r ? r.missing : null, form: null };
    setErrors(next);
    if ('missing' in l || 'missing' in r) return;
    setBusy(true);
    try {
      const chosen = types.filter((t) => typeChoices.some((c) => c.type === t));
      const created = await comparisonsApi.create(workspace, { left: l.side, right: r.side, ...(chosen.length ? { types: chosen } : {}) });
      onCreated(created.comparison.id);
    } catch (err) {
      const side: SideName | null = sideOfError(err);
      const message = messageOf(err);
      setErrors(side ? { ...next, [side]: message } : { ...next, form: message });
      setBusy(false);
    }
  };

  const toggle = (type: string, on: boolean) => setTypes((now) => (on ? [...now, type] : now.filter((t) => t !== type)));

  return (
    <form class="compare-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>New comparison</h2>
      <div class="sides">
        <SidePicker legend="Left side" sources={sources} value={left} onChange={setLeft} error={errors.left} />
        <SidePicker legend="Right side" sources={sources} value={right} onChange={setRight} error={errors.right} />
      </div>
      {typeChoices.length > 0 && (
        <fieldset class="type-choices">
          <legend>Types (none chosen: every type)</legend>
          <div class="type-grid">
            {typeChoices.map((t) => (
              <div class="field checkbox" key={t.type}>
                <input id={`${id}-type-${t.type}`} type="checkbox" checked={types.includes(t.type)}
                  onChange={(event) => toggle(t.type, (event.currentTarget as HTMLInputElement).checked)} />
                <label for={`${id}-type-${t.type}`}>{t.label}</label>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      {errors.form && <FieldError message={errors.form} />}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Compare'}
        </button>
      </div>
    </form>
  );
}
