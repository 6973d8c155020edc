// The Metadata Explorer through the UI: the empty state before the first retrieval, types with
// counts from a card's View Metadata, search with the query in the address, a workflow in the
// inspector (summary, JSON in Monaco formatted and folded, "As sent" against the API's bytes,
// Copy and Download), a deep link in a fresh tab, back and forward, the keyboard through the
// results, axe-core on every view and screenshots at both sizes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startStack } from './lib/stack.mjs';
import { launch, checkPage, PHONE, DESKTOP } from './lib/browser.mjs';
import { card, setPasswordFromLink, waitUntil } from './lib/ui.mjs';
import { connectPortalWithToken, waitForRetrieval, rawBytes, editorText, editorDrawn, renderedLines, tokensOf } from './lib/explorer.mjs';

let stack;
let browser;
let page;
let portal;
let workflowsLabel;
let workflow; // {id, name} of the workflow the tests open
const pageErrors = [];

const explorerPath = (...parts) => `/connections/${portal.id}/metadata${parts.map((p) => `/${encodeURIComponent(p)}`).join('')}`;
const rawPath = (type, id) => `/api/v1/connections/${portal.id}/metadata/${encodeURIComponent(type)}/${encodeURIComponent(id)}/raw`;
const path = () => new URL(page.url()).pathname;
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

before(async () => {
  stack = await startStack({ name: 'explorer' });
  browser = await launch();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
  page = await browser.context.newPage();
  await setPasswordFromLink(page, stack.owner.link);
  // Monaco must run under the service's Content-Security-Policy: a refused worker, style or
  // font shows up as a console error. (Listened to from here: the signed-out page's session
  // check answers 401, as it should.)
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('before the first retrieval, View Metadata says there is nothing yet, then shows the types', async () => {
  // The gate holds the retrieval's CRM requests, so no snapshot exists while the test looks.
  await stack.hubspot('/__fake/gates', { path: '/crm' });
  portal = await connectPortalWithToken(page, stack, 'pat-na1-webtest-explorer');
  await card(page, portal.label).getByRole('link', { name: 'View Metadata' }).click();
  await page.waitForURL((url) => url.pathname === explorerPath());
  await page.getByRole('heading', { level: 1, name: `Metadata of ${portal.label}` }).waitFor();
  await page.getByRole('heading', { name: 'No metadata yet' }).waitFor();
  assert.equal((await stack.api(`/api/v1/connections/${portal.id}/metadata/types`)).retrieved_at, null);
  await checkPage(page, 'explorer-not-retrieved');

  // Once the retrieval finishes, the page shows the types without a reload.
  await stack.hubspot('/__fake/gates/open', {});
  await page.getByRole('navigation', { name: 'Metadata types' }).waitFor({ timeout: 60_000 });
  await page.goto(`${stack.url}/connections`);
  await waitForRetrieval(page, portal);
});

test('the explorer opens from a card with every type and its count', async () => {
  await card(page, portal.label).getByRole('link', { name: 'View Metadata' }).click();
  await page.waitForURL((url) => url.pathname === explorerPath());
  const { types } = await stack.api(`/api/v1/connections/${portal.id}/metadata/types`);
  const nav = page.getByRole('navigation', { name: 'Metadata types' });
  const links = nav.getByRole('link');
  await waitUntil(async () => (await links.count()) === types.length, 'every type in the navigation');
  for (const t of types) {
    const link = nav.getByRole('link', { name: new RegExp(`^${t.label}`) });
    assert.match(await link.textContent(), new RegExp(`${t.label}\\s*${t.count.toLocaleString('en-US')}`));
  }
  // The first type holding objects is selected, and its objects are listed.
  const first = types.find((t) => t.count > 0);
  assert.equal(await nav.locator('[aria-current="page"]').textContent().then((s) => s.startsWith(first.label)), true);
  await page.getByRole('listbox', { name: first.label }).getByRole('option').first().waitFor();
  await checkPage(page, 'explorer-types');

  workflowsLabel = types.find((t) => t.type === 'workflows').label;
  await nav.getByRole('link', { name: new RegExp(`^${workflowsLabel}`) }).click();
  await page.waitForURL((url) => url.pathname === explorerPath('workflows'));
  const listed = await stack.api(`/api/v1/connections/${portal.id}/metadata?type=workflows&limit=50`);
  const options = page.getByRole('listbox', { name: workflowsLabel }).getByRole('option');
  await waitUntil(async () => (await options.count()) === listed.items.length, 'one row per workflow of the first page');
  assert.ok(listed.items.length > 1, 'the fake portal has several workflows');
  // The fake's first workflow carries JSON that a re-encoding formatter would change (an integer
  // beyond 2^53, 1.50, 1.0e2, \u escapes, a __proto__ key, keys out of order): that one is opened.
  for (const item of listed.items) {
    if ((await rawBytes(stack, rawPath('workflows', item.id))).bytes.includes('hsd_exact_bytes')) {
      workflow = item;
      break;
    }
  }
  assert.ok(workflow, 'the workflow with the exact-bytes field is on the first page');
});

test('the list shows one page of 50 at a time, paged by cursor', async () => {
  const listbox = page.getByRole('listbox', { name: workflowsLabel });
  const first = await stack.api(`/api/v1/connections/${portal.id}/metadata?type=workflows&limit=50`);
  const second = await stack.api(`/api/v1/connections/${portal.id}/metadata?type=workflows&limit=50&cursor=${encodeURIComponent(first.next_cursor)}`);
  const pager = page.getByRole('navigation', { name: 'Result pages' });
  assert.equal(await pager.getByRole('button', { name: 'Previous page' }).isDisabled(), true);
  await pager.getByRole('button', { name: 'Next page' }).click();
  await pager.getByText('51–100').waitFor();
  const ids = await listbox.getByRole('option').locator('.result-id').allTextContents();
  assert.deepEqual(ids, second.items.map((i) => i.id));
  await pager.getByRole('button', { name: 'Previous page' }).click();
  await pager.getByText('1–50').waitFor();
  assert.deepEqual(await listbox.getByRole('option').locator('.result-id').allTextContents(), first.items.map((i) => i.id));
});

test('search narrows the list, keeps the query in the address, and says when nothing matches', async () => {
  const term = workflow.name.slice(1, Math.min(workflow.name.length, 7)).toLowerCase();
  await page.getByRole('searchbox', { name: 'Search by name or id' }).fill(term);
  await page.waitForURL((url) => url.searchParams.get('q') === term);
  const expected = await stack.api(`/api/v1/connections/${portal.id}/metadata?type=workflows&limit=50&q=${encodeURIComponent(term)}`);
  const listbox = page.getByRole('listbox', { name: `${workflowsLabel} matching ${term}` });
  await listbox.waitFor();
  const names = await listbox.getByRole('option').locator('.result-name').allTextContents();
  assert.deepEqual(names, expected.items.map((i) => i.name || i.id));
  assert.ok(names.includes(workflow.name));
  await checkPage(page, 'explorer-search');

  // Every type: the same text across the portal, each row naming its type.
  await page.getByRole('checkbox', { name: new RegExp(`All types`) }).check();
  await page.waitForURL((url) => url.searchParams.get('all') === '1' && url.searchParams.get('q') === term);
  const everywhere = await stack.api(`/api/v1/connections/${portal.id}/metadata?limit=50&q=${encodeURIComponent(term)}`);
  const all = page.getByRole('listbox', { name: `Objects matching ${term}` });
  await waitUntil(async () => (await all.getByRole('option').count()) === everywhere.items.length, 'the all-types results');
  await page.getByRole('checkbox', { name: new RegExp(`All types`) }).uncheck();

  await page.getByRole('searchbox', { name: 'Search by name or id' }).fill('zzz-no-such-object');
  await page.getByText(`No ${workflowsLabel} match “zzz-no-such-object”`).waitFor();
  await checkPage(page, 'explorer-no-match');
  await page.getByRole('searchbox', { name: 'Search by name or id' }).fill(term);
  await listbox.getByRole('option', { name: new RegExp(escapeRegExp(workflow.name)) }).first().waitFor();
});

test('a workflow opens in the inspector: its summary, and its JSON formatted in Monaco, foldable', async () => {
  const q = new URL(page.url()).searchParams.get('q');
  await page.getByRole('option', { name: new RegExp(escapeRegExp(workflow.name)) }).first().click();
  await page.waitForURL((url) => url.pathname === explorerPath('workflows', workflow.id) && url.searchParams.get('q') === q);
  const inspector = page.getByRole('region', { name: workflow.name });
  await inspector.getByRole('heading', { name: workflow.name }).waitFor();

  // The summary fields the HubSpot plugin declares for workflows, each with its label.
  const plugins = await stack.api('/api/v1/plugins');
  const declared = plugins.find((p) => p.id === 'hubspot').metadata_types.find((t) => t.type === 'workflows');
  assert.ok(declared.summary.length > 0, 'the plugin declares a workflow summary');
  const { bytes } = await rawBytes(stack, rawPath('workflows', workflow.id));
  const object = JSON.parse(bytes.toString('utf8'));
  for (const field of declared.summary) {
    await inspector.locator('dt', { hasText: field.label }).first().waitFor();
  }
  const nameField = declared.summary.find((f) => f.pointer === '/name');
  if (nameField) {
    const dd = inspector.locator('.summary-line', { has: page.locator('dt', { hasText: nameField.label }) }).locator('dd');
    assert.equal((await dd.textContent()).trim(), object.name);
  }

  // Formatted: the same tokens as sent, one member a line, indented.
  assert.equal(await inspector.getByRole('button', { name: 'Formatted' }).getAttribute('aria-pressed'), 'true');
  const formatted = await editorText(page);
  assert.equal(tokensOf(formatted), tokensOf(bytes.toString('utf8')));
  for (const token of ['9007199254740993', '1.50', '1.0e2', '\\u00e9', '\\ud83d\\ude80', '__proto__']) {
    assert.ok(formatted.includes(token), `the formatted text keeps ${token} as sent`);
  }
  const lines = formatted.split('\n');
  assert.ok(lines.length > 5, `formatted over several lines (${lines.length})`);
  assert.equal(lines[0], '{');
  assert.match(lines[1], /^ {2}"/);
  assert.deepEqual((await renderedLines(page)).slice(0, 2), lines.slice(0, 2));
  await editorDrawn(page);
  await checkPage(page, 'explorer-inspector');

  // Fold the whole object at its first line's folding control: Monaco then draws its first line
  // and its closing brace (indentation folding hides what lies between).
  const before = (await renderedLines(page)).length;
  assert.ok(before > 2);
  await page.locator('.json-editor .margin-view-overlays .codicon-folding-expanded').first().click({ force: true });
  await page.locator('.json-editor .codicon-folding-collapsed').first().waitFor();
  await waitUntil(async () => {
    const shown = await renderedLines(page);
    return shown.length === 2 && shown[0].startsWith('{') && shown[1] === '}';
  }, 'the folded object to show as its first and last lines');
  await page.locator('.json-editor .codicon-folding-collapsed').first().click({ force: true });
  await waitUntil(async () => (await renderedLines(page)).length === before, 'the object to unfold');

  // Searchable: Ctrl+F opens Monaco's find widget; Escape closes it, not the inspector.
  await page.locator('.json-editor .view-lines').click();
  await page.keyboard.press('Control+f');
  const find = page.locator('.json-editor .find-widget.visible');
  await find.waitFor();
  await page.keyboard.type('flowType');
  await waitUntil(async () => /^1 of 1$/.test((await find.locator('.matchesCount').textContent()).trim()), 'one match of flowType');
  await page.keyboard.press('Escape');
  await waitUntil(async () => (await page.locator('.json-editor .find-widget.visible').count()) === 0, 'the find widget to close');
  assert.equal(path(), explorerPath('workflows', workflow.id), 'the inspector stays open');
});

test('"As sent" shows the exact bytes of the raw route; Copy and Download give them too', async () => {
  const { bytes, headers } = await rawBytes(stack, rawPath('workflows', workflow.id));
  assert.match(headers.get('content-type'), /^application\/json/);
  const inspector = page.getByRole('region', { name: workflow.name });
  await inspector.getByRole('button', { name: 'As sent' }).click();
  assert.equal(await inspector.getByRole('button', { name: 'As sent' }).getAttribute('aria-pressed'), 'true');
  await page.waitForURL((url) => url.searchParams.get('view') === 'sent');
  await waitUntil(async () => (await editorText(page)) === bytes.toString('utf8'), 'the editor to show the bytes as sent');
  assert.ok(Buffer.from(await editorText(page), 'utf8').equals(bytes), 'byte for byte');
  await editorDrawn(page);
  await checkPage(page, 'explorer-as-sent');

  await inspector.getByRole('button', { name: 'Copy' }).click();
  const copied = await waitUntil(async () => {
    const text = await page.evaluate(() => navigator.clipboard.readText());
    return text && text;
  }, 'the clipboard to hold the JSON');
  assert.ok(Buffer.from(copied, 'utf8').equals(bytes), 'Copy gives the bytes as sent');

  const download = page.waitForEvent('download');
  await inspector.getByRole('link', { name: 'Download' }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), `workflows-${workflow.id.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  assert.ok(readFileSync(await file.path()).equals(bytes), 'Download gives the bytes as sent');
});

test('a deep link opens the object in a fresh tab', async () => {
  const tab = await browser.context.newPage();
  try {
    await tab.goto(`${stack.url}${explorerPath('workflows', workflow.id)}`);
    const inspector = tab.getByRole('region', { name: workflow.name });
    await inspector.getByRole('heading', { name: workflow.name }).waitFor();
    const { bytes } = await rawBytes(stack, rawPath('workflows', workflow.id));
    const text = await editorText(tab);
    assert.equal(tokensOf(text), tokensOf(bytes.toString('utf8')));
    assert.equal(await tab.getByRole('navigation', { name: 'Metadata types' }).locator('[aria-current="page"]').textContent().then((s) => s.startsWith(workflowsLabel)), true);
    // The view is part of the link: ?view=sent opens the bytes as sent.
    await tab.goto(`${stack.url}${explorerPath('workflows', workflow.id)}?view=sent`);
    await tab.getByRole('button', { name: 'As sent', pressed: true }).waitFor();
    await waitUntil(async () => (await editorText(tab)) === bytes.toString('utf8'), 'the linked view to show the bytes as sent');
  } finally {
    await tab.close();
  }
});

test('back and forward move between the list and the inspector', async () => {
  const inspectorPath = explorerPath('workflows', workflow.id);
  assert.equal(path(), inspectorPath);
  await page.goBack();
  await page.waitForURL((url) => url.pathname === explorerPath('workflows'));
  await page.getByRole('listbox').waitFor();
  assert.equal(await page.getByRole('region', { name: workflow.name }).count(), 0, 'the inspector closed');
  await page.goForward();
  await page.waitForURL((url) => url.pathname === inspectorPath);
  await page.getByRole('region', { name: workflow.name }).getByRole('heading', { name: workflow.name }).waitFor();
});

test('the keyboard moves through the results; Enter opens, Escape closes and returns focus to the row', async () => {
  await page.goto(`${stack.url}${explorerPath('workflows')}`);
  const listbox = page.getByRole('listbox', { name: workflowsLabel });
  await listbox.getByRole('option').first().waitFor();
  const count = await listbox.getByRole('option').count();
  await page.getByRole('searchbox', { name: 'Search by name or id' }).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedId(), 'metadata-result-0');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedId(), 'metadata-result-1');
  await page.keyboard.press('End');
  assert.equal(await focusedId(), `metadata-result-${count - 1}`);
  await page.keyboard.press('Home');
  assert.equal(await focusedId(), 'metadata-result-0');
  await page.keyboard.press('ArrowDown');
  const second = await listbox.getByRole('option').nth(1).locator('.result-id').textContent();
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === explorerPath('workflows', second));
  await page.locator('#inspector-title').waitFor();
  await waitUntil(async () => (await focusedId()) === 'inspector-title', 'focus to move to the inspector');
  // Tab leaves the tab order of the rows: only the active row is in it.
  assert.equal(await listbox.locator('[tabindex="0"]').count(), 1);
  // Tab does not stay in the read-only editor; Escape there closes the inspector too.
  const inEditor = () => page.evaluate(() => Boolean(document.activeElement?.closest('.json-editor')));
  await page.locator('.json-editor .view-lines').click();
  await waitUntil(inEditor, 'focus in the editor');
  await page.keyboard.press('Tab');
  assert.equal(await inEditor(), false, 'Tab leaves the editor');
  await page.locator('.json-editor .view-lines').click();
  await waitUntil(inEditor, 'focus in the editor again');
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => url.pathname === explorerPath('workflows'));
  await waitUntil(async () => (await focusedId()) === 'metadata-result-1', 'focus back on the row');
  assert.equal(await page.locator('#inspector-title').count(), 0);
});

test('on a phone the list and the inspector are shown one at a time', async () => {
  await page.setViewportSize(PHONE);
  try {
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.startsWith(explorerPath('workflows') + '/'));
    await page.locator('#inspector-title').waitFor();
    await page.locator('.json-editor .view-lines').waitFor();
    assert.equal(await page.getByRole('listbox').isVisible(), false, 'the list is hidden behind the inspector');
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.getByRole('listbox').waitFor();
    assert.equal(await page.locator('#inspector-title').count(), 0);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('nothing was refused by the Content-Security-Policy and no script failed', () => {
  assert.deepEqual(pageErrors, []);
});

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
