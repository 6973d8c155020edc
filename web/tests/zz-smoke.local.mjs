// Local smoke check with mocked comparison routes (not committed).
import { startStack } from './lib/stack.mjs';
import { launch, axeViolations } from './lib/browser.mjs';
import { setPasswordFromLink } from './lib/ui.mjs';
import { mkdirSync } from 'node:fs';

const out = '/tmp/cmpweb-smoke';
mkdirSync(out, { recursive: true });
const stack = await startStack({ name: 'smoke', service: { web_dir: '/tmp/cmpweb-dist' } });
const ws = stack.owner.workspaceId;
await stack.hubspot('/__fake/private-app-tokens', { token: 'pat-na1-smoke' });
const prod = await stack.api(`/api/v1/workspaces/${ws}/connections`, { method: 'POST', body: { plugin: 'hubspot', private_app_token: 'pat-na1-smoke', label: 'Production' } });
const side = (label, kind = 'connection') => ({ kind, connection: prod.id, connection_label: 'Production', plugin: 'hubspot', snapshot: 4, backup: null, repository: null, full_name: null, ref: null, commit: null, label });
const counts = (a, r, c, u, am) => ({ added: a, removed: r, changed: c, unchanged: u, ambiguous: am, unmatchable: 0 });
const comparison = { id: 7, workspace: ws, status: 'completed', status_detail: '', status_code: '', progress: { done: 5, total: 5, type: '' }, left: side('Production'), right: side('Production@3', 'snapshot'), types: [], summary: { workflows: counts(1, 1, 2, 30, 1), contact_properties: counts(1, 1, 1, 200, 0), forms: counts(0, 0, 0, 12, 0) }, totals: counts(2, 2, 3, 242, 1), differences: 7, warnings: ['contact_properties: 3 objects have no name and were not compared'], job: 3, watch: null, created_by: 1, created_at: new Date().toISOString(), finished_at: new Date().toISOString() };
const changes = [
  { id: 11, comparison: 7, type: 'workflows', kind: 'changed', key: 'Lead nurture', name: 'Lead nurture', left_id: '101', right_id: '201', operations: 2 },
  { id: 12, comparison: 7, type: 'workflows', kind: 'added', key: 'New flow', name: 'New flow', left_id: '', right_id: '202', operations: 0 },
  { id: 13, comparison: 7, type: 'workflows', kind: 'ambiguous', key: 'Dup', name: 'Dup', left_id: '1, 2', right_id: '3', operations: 0 },
  { id: 14, comparison: 7, type: 'contact_properties', kind: 'changed', key: 'email', name: 'Email', left_id: 'email', right_id: 'email', operations: 1 },
];
const doc = (label) => JSON.stringify({ name: 'Lead nurture', enabled: true, actions: Array.from({ length: 40 }, (_, i) => ({ type: 'DELAY', id: i, label: i === 20 ? label : `step ${i}` })) });
const watches = [{ id: 1, workspace: ws, connection: prod.id, connection_label: 'Production', against: side('acme/hubspot-config@main', 'backup'), label: 'acme/hubspot-config@main', types: [], state: 'drift', state_detail: '', differences: 12, last_comparison: 7, last_run_at: new Date().toISOString(), created_at: new Date().toISOString() }];
const browser = await launch();
const page = await browser.context.newPage();
const errors = [];
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
page.on('pageerror', (e) => errors.push(e.message));
await page.route('**/api/v1/**', async (route) => {
  const url = new URL(route.request().url());
  const p = url.pathname;
  const json = (body, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  if (p === `/api/v1/workspaces/${ws}/comparisons` && route.request().method() === 'GET') return json([comparison, { ...comparison, id: 6, status: 'in_progress', progress: { done: 2, total: 5, type: 'workflows' }, summary: null, totals: null }, { ...comparison, id: 5, status: 'error', status_detail: "right: backup 3 has no ref 'nope' in acme/x" }]);
  if (p === `/api/v1/workspaces/${ws}/comparisons`) return json({ error: { code: 'invalid_argument', message: 'right: snapshot 7 of Production was pruned or never existed', details: { field: 'right.snapshot' } } }, 422);
  if (p === '/api/v1/comparisons/7') return json(comparison);
  if (p === '/api/v1/comparisons/7/changes') {
    const k = url.searchParams.get('kind'); const t = url.searchParams.get('type');
    return json({ changes: changes.filter((c) => (!k || c.kind === k) && (!t || c.type === t)), next: null });
  }
  if (p.startsWith('/api/v1/comparisons/7/changes/')) {
    const c = changes.find((x) => x.id === Number(p.split('/').pop()));
    return json({ ...c, patch: [], left_document: c.kind === 'added' ? '' : doc('old'), right_document: doc('new') });
  }
  if (p === `/api/v1/workspaces/${ws}/watches`) return json(watches);
  if (p === `/api/v1/connections/${prod.id}` || p === `/api/v1/workspaces/${ws}/connections`) {
    const r = await route.fetch(); const body = await r.json();
    const add = (c) => ({ ...c, drift: [{ watch: 1, label: 'acme/hubspot-config@main', differences: 12, comparison: 7, message: '12 differences from acme/hubspot-config@main' }] });
    return json(Array.isArray(body) ? body.map(add) : add(body));
  }
  return route.continue();
});
await setPasswordFromLink(page, stack.owner.link);
const shot = async (name) => {
  for (const [s, size] of [['d', { width: 1280, height: 800 }], ['p', { width: 390, height: 844 }]]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/${name}-${s}.png`, fullPage: true });
    console.log(name, s, 'scrollWidth', await page.evaluate(() => document.documentElement.scrollWidth));
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  const v = await axeViolations(page);
  console.log(name, 'axe', JSON.stringify(v));
};
await page.waitForTimeout(1000);
await shot('connections');
await page.getByRole('link', { name: 'Comparisons' }).click();
await page.getByRole('heading', { name: 'Recent comparisons' }).waitFor();
await page.getByRole('group', { name: 'Left side' }).getByLabel('Portal').selectOption({ label: 'Production' });
await page.getByRole('group', { name: 'Right side' }).getByLabel('Portal').selectOption({ label: 'Production' });
await page.getByRole('group', { name: 'Right side' }).getByLabel('Read from').selectOption({ label: 'Earlier snapshot' });
await page.getByRole('button', { name: 'Compare' }).click();
await page.waitForTimeout(500);
await shot('list');
await page.goto(`${stack.url}/comparisons/7`);
await page.getByRole('listbox', { name: 'Differences' }).waitFor();
await shot('comparison');
await page.getByRole('listbox', { name: 'Differences' }).getByRole('option').first().click();
await page.locator('.json-diff-editor .view-lines').first().waitFor();
await page.waitForTimeout(1500);
await shot('diff');
console.log(await page.evaluate(() => [...document.querySelectorAll('textarea')].map((t) => t.outerHTML.slice(0, 300) + ' parent=' + t.parentElement.className)));
console.log('errors', errors);
await browser.close();
await stack.stop();
