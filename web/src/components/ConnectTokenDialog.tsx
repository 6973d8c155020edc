// "Connect with a token": a form built from the plugin's declared connect parameters
// (GET /api/v1/plugins), so a new plugin needs no change here.
import { useId, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { Plugin } from '../api/types';
import { formErrors, noErrors, type FormErrors } from '../lib/fieldErrors';
import { Dialog } from './Dialog';
import { Field, FieldError } from './Field';
import { ParamField } from './ParamField';
import { initialValue, paramValue } from '../lib/connectParams';

interface Props {
  title: string;
  plugins: Plugin[];
  workspace: number;
  onClose: () => void;
  onConnected: (label: string) => void;
}

export function ConnectTokenDialog({ title, plugins: given, workspace, onClose, onConnected }: Props) {
  // Providers with a consent flow (the ones Connect Portal and Connect Git use) come first, so
  // the form opens on them rather than on a token-only test plugin that happens to be loaded.
  const plugins = [...given].sort((a, b) => Number(b.flows.length > 0) - Number(a.flows.length > 0));
  const [pluginId, setPluginId] = useState(plugins[0]?.id ?? '');
  const plugin = plugins.find((p) => p.id === pluginId) ?? plugins[0];
  const [values, setValues] = useState<Record<string, Record<string, string>>>({});
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const selectId = useId();

  if (!plugin) {
    return (
      <Dialog title={title} onClose={onClose}>
        <p>No loaded plugin can connect this way.</p>
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>Close</button>
        </div>
      </Dialog>
    );
  }

  // Each plugin keeps its own typed values, so switching back and forth loses nothing.
  const current = (name: string) => values[plugin.id]?.[name] ?? initialValue(plugin.connect_params.find((p) => p.name === name)!);
  const setValue = (name: string, value: string) =>
    setValues((all) => ({ ...all, [plugin.id]: { ...all[plugin.id], [name]: value } }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const body: Record<string, string | number | boolean | string[] | null> = {};
    const fieldErrors: Record<string, string> = {};
    for (const param of plugin.connect_params) {
      const parsed = paramValue(param, current(param.name));
      if (parsed.error) fieldErrors[param.name] = parsed.error;
      else if (parsed.value !== undefined) body[param.name] = parsed.value as string;
    }
    if (Object.keys(fieldErrors).length > 0) return setErrors({ fields: fieldErrors, form: null });
    setBusy(true);
    setErrors(noErrors);
    try {
      const connection = await api.connect(workspace, { ...body, plugin: plugin.id, ...(label.trim() ? { label: label.trim() } : {}) });
      onConnected(connection.label);
    } catch (error) {
      setErrors(formErrors(error, ['label', ...plugin.connect_params.map((p) => p.name)]));
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {plugins.length > 1 && (
          <div class="field">
            <label for={selectId}>Service</label>
            <select id={selectId} value={plugin.id} onChange={(event) => setPluginId((event.currentTarget as HTMLSelectElement).value)}>
              {plugins.map((p) => (
                <option key={p.id} value={p.id}>{p.display_name}</option>
              ))}
            </select>
          </div>
        )}
        {plugin.connect_params.map((param, index) => (
          <ParamField key={`${plugin.id}.${param.name}`} param={param} value={current(param.name)}
            onInput={(value) => setValue(param.name, value)} error={errors.fields[param.name]} autoFocus={index === 0} />
        ))}
        {!plugin.connect_params.some((p) => p.name === 'label') && (
          <Field label="Label" value={label} onInput={setLabel} error={errors.fields.label}
            help={`Optional: a name for this ${plugin.noun}, e.g. “Production ${plugin.noun}”. Default: the ${plugin.noun}’s own name.`} />
        )}
        <p class="field-help"><span aria-hidden="true">*</span> required</p>
        {errors.form && <FieldError message={errors.form} />}
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={busy}>Connect</button>
        </div>
      </form>
    </Dialog>
  );
}
