// A plugin the UI has never seen: the test-only odd_source (tests/plugins), loaded by the
// service next to the shipped plugins, connected through its own API key and subdomain form,
// retrieved, and its objects shown in the explorer with the summaries its manifest declares
// (an item pointer through an array of objects, a key with a slash, a nested field, an array of
// strings). The expected values are read from the object's bytes with the declared pointers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pluginsDirWith, startStack } from './lib/stack.mjs';
import { launch, checkPage } from './lib/browser.mjs';
import { card, setPasswordFromLink, waitForStatus } from './lib/ui.mjs';
import { rawBytes, editorText, editorDrawn, tokensOf } from './lib/explorer.mjs';

let pluginParent;
let stack;
let browser;
let page;
let site;
let odd; // the plugin as GET /api/v1/plugins describes it

before(async () => {
  pluginParent = mkdtempSync(join(tmpdir(), 'hsd-web-plugins-'));
  stack = await startStack({ name: 'plugin-summaries', pluginsDir: pluginsDirWith(pluginParent, ['odd_source']) });
  browser = await launch();
  page = await browser.context.newPage();
  await setPasswordFromLink(page, stack.owner.link);
  odd = (await stack.api('/api/v1/plugins')).find((p) => p.id === 'odd_source');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  if (pluginParent) rmSync(pluginParent, { recursive: true, force: true });
});

// RFC 6901, written again here so that the test does not share the UI's code.
function pointer(document, path) {
  if (path === '') return document;
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((value, token) => (value !== null && typeof value === 'object' && token in value ? value[token] : undefined), document);
}

const shown = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

test('the odd site is connected with its own form and retrieved', async () => {
  assert.ok(odd, 'odd_source is loaded next to the shipped plugins');
  assert.deepEqual(odd.metadata_types.map((t) => t.type), ['gizmos', 'doohickeys']);
  await page.getByRole('button', { name: 'Connect with a token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect with a token' });
  await dialog.waitFor();
  await dialog.getByRole('combobox', { name: 'Service' }).selectOption({ label: odd.display_name });
  const label = (name) => {
    const param = odd.connect_params.find((p) => p.name === name);
    return param.description || param.name;
  };
  await dialog.getByLabel(label('api_key')).fill('oddk_0123456789abcdef0123');
  await dialog.getByLabel(label('subdomain')).fill('acme');
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/connections'));
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  assert.equal((await created).status(), 201);
  site = await (await created).json();
  await waitForStatus(card(page, site.label), 'completed');
});

test('its types show with the labels and counts it declares', async () => {
  await card(page, site.label).getByRole('link', { name: 'View Metadata' }).click();
  const nav = page.getByRole('navigation', { name: 'Metadata types' });
  for (const declared of odd.metadata_types) {
    await nav.getByRole('link', { name: new RegExp(`^${declared.label}\\s*3`) }).waitFor();
  }
});

for (const type of ['gizmos', 'doohickeys']) {
  test(`a ${type.slice(0, -1)} shows the summary its plugin declares`, async () => {
    const declared = odd.metadata_types.find((t) => t.type === type);
    assert.ok(declared.summary.length > 0);
    await page.getByRole('navigation', { name: 'Metadata types' }).getByRole('link', { name: new RegExp(`^${declared.label}`) }).click();
    const id = `${type}-2`;
    await page.getByRole('listbox', { name: declared.label }).getByRole('option', { name: new RegExp(id) }).click();
    const inspector = page.getByRole('region', { name: `Odd ${id}` });
    await inspector.getByRole('heading', { name: `Odd ${id}` }).waitFor();

    const { bytes } = await rawBytes(stack, `/api/v1/connections/${site.id}/metadata/${type}/${id}/raw`);
    const object = JSON.parse(bytes.toString('utf8'));
    for (const field of declared.summary) {
      const line = inspector.locator('.summary-line', { has: page.locator('dt', { hasText: new RegExp(`^${field.label}$`) }) });
      const dd = line.locator('dd');
      const value = pointer(object, field.pointer);
      assert.notEqual(value, undefined, `${field.pointer} finds a value in ${id}`);
      if (Array.isArray(value)) {
        assert.match(await dd.textContent(), new RegExp(`^${value.length} items?`));
        const items = await dd.getByRole('listitem').allTextContents();
        const expected = value.map((element) => shown(field.item === undefined ? element : pointer(element, field.item)));
        assert.deepEqual(items, expected, `${field.label}: the elements' ${field.item ?? 'nothing'}`);
      } else {
        assert.equal((await dd.textContent()).trim(), shown(value), field.label);
      }
    }
    assert.equal(tokensOf(await editorText(page)), tokensOf(bytes.toString('utf8')));
    await editorDrawn(page);
    await checkPage(page, `explorer-odd-${type}`);
  });
}
