// The Comparisons page through the UI: two portals (the fake HubSpot's default portal and its
// staging variant, which plants known differences) compared from the page, the job followed to
// its end, the summary per type against what the fake planted, the differences filtered by kind
// and type, one object opened in Monaco's diff editor (its two texts the API's documents,
// formatted; the diff computed; Escape back to the row), the keyboard through the list, a drift
// watch whose warning shows on the portal's card and links to its comparison, and a member who
// compares but sees no Delete and no watch controls (the API refuses them too). Every view is
// checked with axe-core and saved at both sizes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDir, callJson, request, startStack } from './lib/stack.mjs';
import { Child, run } from './lib/processes.mjs';
import { launch, checkPage } from './lib/browser.mjs';
import { card, setPasswordFromLink, waitUntil } from './lib/ui.mjs';
import { tokensOf } from './lib/jsonTokens.mjs';

let stack;
let browser;
let page;
let ws; // the workspace's REST path
let production; // {id, label}: the default portal, connected by the service
let staging; // {id, label}: the staging variant, connected and retrieved by the CLI
let planted; // what the staging fake planted: [{type, key, kind}]
let comparisonId;
const pageErrors = [];

const path = () => new URL(page.url()).pathname;
const search = () => new URL(page.url()).searchParams;
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

/** Per type and kind, how many differences the fake planted. */
function plantedCounts() {
  const counts = {};
  for (const p of planted) {
    counts[p.type] ??= { added: 0, removed: 0, changed: 0, ambiguous: 0 };
    counts[p.type][p.kind] += 1;
  }
  return counts;
}

/**
 * The staging portal lives in a second fake HubSpot. The HubSpot connector's base URL is the
 * engine's, so that portal is connected and retrieved by the CLI with a configuration naming the
 * second fake, into the same database; the service then reads both portals' snapshots.
 */
async function connectStaging() {
  const fake = new Child('hsd-fake-hubspot staging', join(buildDir, 'bin', 'hsd-fake-hubspot'), [
    '--port', '0', '--size', 'small', '--rate-limit', '0', '--portal-variant', 'staging',
  ]);
  const url = (await fake.waitFor(/listening on (http:\/\/\S+)/))[1];
  await callJson(url, '/__fake/private-app-tokens', { body: { token: 'pat-na1-cmp-staging' } });
  planted = await callJson(url, '/__fake/planted', { method: 'GET' });
  assert.ok(planted.length > 0, 'the staging fake plants differences');

  const mainConfig = join(stack.dir, 'config', 'engine.yaml');
  const stagingConfig = join(stack.dir, 'config', 'staging.yaml');
  writeFileSync(stagingConfig, readFileSync(mainConfig, 'utf8').replaceAll(JSON.stringify(stack.hubspotUrl), JSON.stringify(url)));
  const cli = async (...args) => {
    const result = await run(join(buildDir, 'bin', 'hsdeploy'), ['--config', stagingConfig, ...args]);
    if (result.code !== 0) throw new Error(`hsdeploy ${args.join(' ')} failed (${result.code}):\n${result.output}`);
    return result.stdout;
  };
  await cli('connect', 'hubspot', '--private-app-token', 'pat-na1-cmp-staging', '--label', 'Staging', '--workspace', 'acme');
  await cli('run', 'retrieve', '--connection', 'Staging');
  const connections = await stack.api(`${ws}/connections`);
  return connections.find((c) => c.label === 'Staging');
}

async function retrieved(connection) {
  await waitUntil(async () => (await stack.api(`/api/v1/connections/${connection.id}`)).status === 'completed', `${connection.label} retrieved`, 120_000);
}

/** Chooses a side in the fieldset named `legend`: a portal, and how to read it. */
async function chooseSide(legend, portalLabel, kind = 'Current snapshot') {
  const side = page.getByRole('group', { name: legend });
  await side.getByLabel('Portal').selectOption({ label: portalLabel });
  await side.getByLabel('Read from').selectOption({ label: kind });
  return side;
}

before(async () => {
  stack = await startStack({ name: 'comparisons' });
  ws = `/api/v1/workspaces/${stack.owner.workspaceId}`;
  await stack.hubspot('/__fake/private-app-tokens', { token: 'pat-na1-cmp-production' });
  production = await stack.api(`${ws}/connections`, {
    method: 'POST',
    body: { plugin: 'hubspot', private_app_token: 'pat-na1-cmp-production', label: 'Production' },
  });
  staging = await connectStaging();
  assert.ok(staging, 'the CLI connected Staging in the workspace');
  await retrieved(production);
  await retrieved(staging);

  browser = await launch();
  page = await browser.context.newPage();
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await setPasswordFromLink(page, stack.owner.link);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a side left unchosen is named beside its picker, and nothing is sent', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Comparisons' }).click();
  await page.waitForURL((url) => url.pathname === '/comparisons');
  await page.getByRole('heading', { level: 1, name: 'Comparisons' }).waitFor();
  await chooseSide('Left side', 'Production');
  let posted = false;
  const listener = (r) => r.method() === 'POST' && r.url().includes('/comparisons') && (posted = true);
  page.on('request', listener);
  await page.getByRole('button', { name: 'Compare' }).click();
  const right = page.getByRole('group', { name: 'Right side' });
  await right.getByText('Choose a portal').last().waitFor();
  assert.equal(await right.getByRole('alert').textContent(), 'Choose a portal');
  assert.equal(await page.getByRole('group', { name: 'Left side' }).getByRole('alert').count(), 0);
  page.off('request', listener);
  assert.equal(posted, false);
  await checkPage(page, 'comparisons-new');
});

test('two portals compared from the page: the job is followed to its end and the summary is what the fake planted', async () => {
  await chooseSide('Left side', 'Production');
  await chooseSide('Right side', 'Staging');
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/comparisons'));
  await page.getByRole('button', { name: 'Compare' }).click();
  assert.equal((await created).status(), 202);
  comparisonId = (await (await created).json()).comparison.id;
  await page.waitForURL((url) => url.pathname === `/comparisons/${comparisonId}`);
  await page.getByRole('heading', { level: 1, name: `Comparison ${comparisonId}: Production → Staging` }).waitFor();

  // The page follows the job without a reload.
  const status = page.locator('.comparison-status');
  await waitUntil(async () => (await status.getAttribute('data-status')) === 'completed', 'the comparison completed', 120_000);
  const view = await stack.api(`/api/v1/comparisons/${comparisonId}`);
  assert.equal(view.status, 'completed');
  assert.match(await status.textContent(), new RegExp(`Completed: ${view.differences} difference`));

  // The summary per type is the API's, and the API's is what the fake planted.
  // (The summary's `ambiguous` counts objects, the fake plants keys: each ambiguous key is one
  // difference row, read from the changes.)
  const expected = plantedCounts();
  for (const [type, counts] of Object.entries(expected)) {
    for (const kind of ['added', 'removed', 'changed']) assert.equal(view.summary[type][kind], counts[kind], `${type} ${kind}`);
    const { changes } = await stack.api(`/api/v1/comparisons/${comparisonId}/changes?type=${type}&kind=ambiguous`);
    assert.deepEqual(changes.map((c) => JSON.parse(c.key)).sort(), planted.filter((p) => p.type === type && p.kind === 'ambiguous').map((p) => p.key).sort(), `${type} ambiguous keys`);
    if (counts.ambiguous > 0) assert.ok(view.summary[type].ambiguous > counts.ambiguous, `${type}: every object of an ambiguous key counted`);
  }
  const table = page.locator('.summary-table');
  for (const [type, counts] of Object.entries(view.summary)) {
    const cells = await table.locator(`tr[data-type="${type}"] td`).allTextContents();
    assert.deepEqual(cells.map((t) => Number(t.replace(/\D/g, ''))), [counts.added, counts.removed, counts.changed, counts.unchanged, counts.ambiguous], type);
  }
  await page.getByRole('listbox', { name: 'Differences' }).getByRole('option').first().waitFor();
  await checkPage(page, 'comparison-summary');
});

test('the differences are filtered by kind and by type, and the address keeps the filters', async () => {
  const list = page.getByRole('listbox', { name: 'Differences' });
  const all = planted.length;
  await waitUntil(async () => (await list.getByRole('option').count()) === Math.min(all, 50), 'every difference listed');

  await page.getByLabel('Kind').selectOption('changed');
  const changed = planted.filter((p) => p.kind === 'changed');
  await waitUntil(async () => (await list.getByRole('option').count()) === changed.length, 'only the changed objects');
  assert.equal(search().get('kind'), 'changed');
  for (const kind of await list.getByRole('option').evaluateAll((rows) => rows.map((r) => r.dataset.kind))) assert.equal(kind, 'changed');

  // A type's button in the summary filters the list to that type (with the kind kept).
  const type = changed.find((p) => p.type === 'workflows')?.type ?? changed[0].type;
  await page.locator(`.summary-table tr[data-type="${type}"] th button`).click();
  await waitUntil(async () => search().get('type') === type, 'the type in the address');
  const ofType = changed.filter((p) => p.type === type);
  await waitUntil(async () => (await list.getByRole('option').count()) === ofType.length, `only the changed ${type}`);
  const keys = await list.getByRole('option').evaluateAll((rows) => rows.map((r) => r.querySelector('.change-meta').textContent));
  for (const p of ofType) assert.ok(keys.some((k) => k.includes(p.key)), `${p.key} listed`);
  await checkPage(page, 'comparison-filtered');

  // Back goes to the previous filter.
  await page.goBack();
  await waitUntil(async () => search().get('type') === null && search().get('kind') === 'changed', 'the kind filter alone after Back');
  await waitUntil(async () => (await list.getByRole('option').count()) === changed.length, 'the changed objects again');
});

test("one object opens in Monaco's diff editor with the API's two documents, and Escape returns to its row", async () => {
  const list = page.getByRole('listbox', { name: 'Differences' });
  const row = list.getByRole('option').first();
  await row.focus();
  await page.keyboard.press('Enter');
  await waitUntil(async () => search().get('change') !== null, 'the object in the address');
  const changeId = Number(search().get('change'));
  assert.equal(await row.getAttribute('aria-selected'), 'true');

  const detail = await stack.api(`/api/v1/comparisons/${comparisonId}/changes/${changeId}`);
  assert.equal(detail.kind, 'changed');
  const host = page.locator('.json-diff-editor');
  await host.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
  const texts = await host.evaluate((element) => {
    const model = element.diffEditor.getModel();
    return { left: model.original.getValue(), right: model.modified.getValue() };
  });
  // Formatted (indented over several lines), with exactly the API's tokens.
  assert.ok(texts.left.split('\n').length > 1, 'the left document is formatted');
  assert.equal(tokensOf(texts.left), tokensOf(detail.left_document));
  assert.equal(tokensOf(texts.right), tokensOf(detail.right_document));
  // The diff is computed and highlighted, and read-only.
  const changes = await waitUntil(
    () => host.evaluate((element) => element.diffEditor.getLineChanges()?.length ?? 0),
    'the diff computed',
  );
  assert.ok(changes > 0);
  await host.locator('.line-insert, .line-delete, .char-insert, .char-delete').first().waitFor();
  assert.equal(await host.evaluate((element) => element.diffEditor.getModifiedEditor().getRawOptions().readOnly), true);
  await page.waitForFunction(() => document.fonts.check('12px codicon'));
  await checkPage(page, 'comparison-diff');

  // Escape inside the editor closes the diff and gives focus back to the row.
  await host.locator('.editor.modified .view-lines').click();
  await page.keyboard.press('Escape');
  await waitUntil(async () => search().get('change') === null, 'the diff closed');
  await waitUntil(async () => (await focusedId()) === (await row.getAttribute('id')), 'focus back on the row');
});

test('the keyboard moves through the differences: arrows, Home, End', async () => {
  await page.getByLabel('Kind').selectOption('');
  const list = page.getByRole('listbox', { name: 'Differences' });
  await waitUntil(async () => (await list.getByRole('option').count()) > 2, 'several differences');
  const rows = list.getByRole('option');
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedId(), await rows.nth(1).getAttribute('id'));
  await page.keyboard.press('End');
  assert.equal(await focusedId(), await rows.last().getAttribute('id'));
  await page.keyboard.press('Home');
  assert.equal(await focusedId(), await rows.first().getAttribute('id'));
  // One tab stop for the whole list.
  assert.equal((await rows.evaluateAll((all) => all.filter((r) => r.tabIndex === 0))).length, 1);
});

test("a drift watch runs, and the portal's card names its differences with a link to the comparison", async () => {
  await page.goto(`${stack.url}/comparisons`);
  const form = page.getByRole('form', { name: 'Add a watch' });
  await form.getByLabel('Portal', { exact: true }).first().selectOption({ label: 'Production' });
  const against = form.getByRole('group', { name: 'Against' });
  await against.getByLabel('Portal').selectOption({ label: 'Staging' });
  const added = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/watches'));
  await form.getByRole('button', { name: 'Add watch' }).click();
  assert.equal((await added).status(), 201);
  const watch = await (await added).json();

  const table = page.locator('.watch-table');
  await table.getByText('Not run yet').waitFor();
  await table.getByRole('button', { name: /^Run the watch of Production/ }).click();
  const done = await waitUntil(async () => {
    const w = await stack.api(`/api/v1/watches/${watch.id}`);
    return w.state === 'drift' ? w : null;
  }, 'the watch found drift', 120_000);
  assert.equal(done.differences, (await stack.api(`/api/v1/comparisons/${done.last_comparison}`)).differences);
  await table.getByText(`${done.differences} differences from Staging`).waitFor();
  await checkPage(page, 'comparisons-watch');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  const warning = card(page, 'Production').getByRole('list', { name: 'Drift' }).getByRole('link');
  await warning.waitFor();
  assert.equal(await warning.textContent(), `${done.differences} differences from Staging`);
  assert.equal(await card(page, 'Staging').getByRole('list', { name: 'Drift' }).count(), 0);
  await checkPage(page, 'connections-drift');
  await warning.click();
  await page.waitForURL((url) => url.pathname === `/comparisons/${done.last_comparison}`);
  await page.getByRole('heading', { level: 1, name: /Production → Staging/ }).waitFor();
});

test('a member compares but sees no Delete and no watch controls, and the API refuses them', async () => {
  const added = await stack.api(`${ws}/members`, { method: 'POST', body: { email: 'mia@acme.test', role: 'member' } });
  const link = added.password_link?.url ?? added.password_link;
  const member = await launch();
  try {
    const memberPage = await member.context.newPage();
    await setPasswordFromLink(memberPage, link);
    await memberPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Comparisons' }).click();
    await memberPage.getByRole('link', { name: new RegExp(`#${comparisonId} Production → Staging`) }).waitFor();
    assert.equal(await memberPage.getByRole('button', { name: /^Delete/ }).count(), 0, 'no Delete for a member');
    assert.equal(await memberPage.getByRole('form', { name: 'Add a watch' }).count(), 0, 'no Add a watch for a member');
    assert.equal(await memberPage.getByRole('button', { name: /^Run the watch|^Remove the watch/ }).count(), 0);
    await checkPage(memberPage, 'comparisons-member');

    // A member may compare.
    const left = memberPage.getByRole('group', { name: 'Left side' });
    await left.getByLabel('Portal').selectOption({ label: 'Staging' });
    const right = memberPage.getByRole('group', { name: 'Right side' });
    await right.getByLabel('Portal').selectOption({ label: 'Production' });
    const created = memberPage.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/comparisons'));
    await memberPage.getByRole('button', { name: 'Compare' }).click();
    assert.equal((await created).status(), 202);
    const mine = (await (await created).json()).comparison.id;
    await memberPage.waitForURL((url) => url.pathname === `/comparisons/${mine}`);
    await waitUntil(async () => (await memberPage.locator('.comparison-status').getAttribute('data-status')) === 'completed', 'the member\'s comparison completed', 120_000);
    assert.equal(await memberPage.getByRole('button', { name: 'Delete comparison' }).count(), 0);

    // The engine checks anyway: the member's session cannot delete.
    const cookies = await member.context.cookies(stack.url);
    const session = await request(stack.url, '/api/v1/auth/session', { headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    const refused = await request(stack.url, `/api/v1/comparisons/${mine}`, {
      method: 'DELETE',
      headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'X-CSRF-Token': session.json.csrf_token, Origin: stack.url },
    });
    assert.equal(refused.status, 403);
  } finally {
    await member.close();
  }
});

test('the owner deletes a comparison from the list after confirming', async () => {
  await page.goto(`${stack.url}/comparisons`);
  const button = page.getByRole('button', { name: `Delete comparison ${comparisonId}` });
  await button.click();
  const dialog = page.getByRole('dialog', { name: `Delete comparison ${comparisonId}?` });
  await dialog.waitFor();
  await checkPage(page, 'comparisons-delete');
  await dialog.getByRole('button', { name: 'Delete comparison' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: new RegExp(`#${comparisonId} `) }).waitFor({ state: 'detached' });
  assert.equal((await request(stack.url, `/api/v1/comparisons/${comparisonId}`, { headers: { Authorization: `Bearer ${stack.owner.token}` } })).status, 404);
});

test("a portal against its backup in Git; a ref that does not exist fails that comparison; the repository's removal counts them", async () => {
  // Git through the REST API (git.test.mjs covers doing it in the UI): a repository, a backup of
  // Production into it, one run.
  await stack.github('/__fake/users', { login: 'acme-bot', type: 'User' });
  await stack.github('/__fake/repos', { owner: 'acme-bot', name: 'hubspot-config', default_branch: 'main', branches: ['main'] });
  const { token } = await stack.github('/__fake/tokens', { login: 'acme-bot', kind: 'classic', scopes: ['repo', 'read:org'] });
  const git = await stack.api(`${ws}/connections`, { method: 'POST', body: { plugin: 'github', token, label: 'GitHub' } });
  const repository = await stack.api(`/api/v1/connections/${git.id}/repos`, { method: 'POST', body: { repository: 'acme-bot/hubspot-config', branch: 'main' } });
  const backup = await stack.api(`/api/v1/connections/${production.id}/backups`, { method: 'POST', body: { repository: 'acme-bot/hubspot-config' } });
  await stack.api(`/api/v1/backups/${backup.id}/run`, { method: 'POST' });
  await waitUntil(async () => (await stack.api(`/api/v1/backups/${backup.id}/runs`)).find((r) => r.commit), 'the backup committed', 120_000);

  const compareWithBackup = async (ref) => {
    await page.goto(`${stack.url}/comparisons`);
    await chooseSide('Left side', 'Production');
    const right = await chooseSide('Right side', 'Production', 'Backup in Git');
    await right.getByLabel('Backup').selectOption({ label: 'acme-bot/hubspot-config@main' });
    if (ref) await right.getByLabel('Branch or commit').fill(ref);
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/comparisons'));
    await page.getByRole('button', { name: 'Compare' }).click();
    assert.equal((await created).status(), 202);
    const id = (await (await created).json()).comparison.id;
    await page.waitForURL((url) => url.pathname === `/comparisons/${id}`);
    const status = page.locator('.comparison-status');
    await waitUntil(async () => ['completed', 'error'].includes(await status.getAttribute('data-status')), `comparison ${id} ended`, 120_000);
    return { id, status: await status.getAttribute('data-status'), text: await status.textContent() };
  };

  // At the backup's branch: the commit the run read is shown beside the side.
  const good = await compareWithBackup('');
  assert.equal(good.status, 'completed', good.text);
  const view = await stack.api(`/api/v1/comparisons/${good.id}`);
  assert.equal(view.right.kind, 'backup');
  assert.match(view.right.commit, /^[0-9a-f]{40}$/);
  await page.locator('.side-heading').filter({ hasText: 'acme-bot/hubspot-config@main' }).getByText(view.right.commit.slice(0, 12)).waitFor();
  await checkPage(page, 'comparison-backup');

  // A ref that does not exist is found when the job runs: the comparison fails saying so.
  const bad = await compareWithBackup('no-such-branch');
  assert.equal(bad.status, 'error');
  assert.match(bad.text, /no-such-branch/);
  assert.equal((await stack.api(`/api/v1/comparisons/${bad.id}`)).status_code, 'REF_NOT_FOUND');
  await checkPage(page, 'comparison-error');

  // Removing the repository asks first, with what goes with it; Cancel keeps everything.
  const impact = await stack.api(`/api/v1/repos/${repository.id}/deletion-impact`);
  assert.equal(impact.comparisons, 2);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await card(page, 'GitHub').getByRole('button', { name: 'Remove acme-bot/hubspot-config' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove acme-bot/hubspot-config?' });
  await dialog.getByRole('list', { name: 'What is removed' }).getByText('2 comparisons').waitFor();
  await dialog.getByText(`${impact.watches} drift watches`).waitFor();
  await dialog.getByText(/backup writes to it: remove that backup first/).waitFor();
  await checkPage(page, 'dialog-remove-repo');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await stack.api(`/api/v1/repos/${repository.id}/deletion-impact`)).comparisons, 2);
});

test('no console error or CSP refusal on any of these pages', () => {
  assert.deepEqual(pageErrors.filter((text) => !/401|403/.test(text)), []);
});
