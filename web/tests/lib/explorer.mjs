// Steps the Metadata Explorer's browser tests share: a portal connected with the token form,
// the exact bytes of an object from the REST API, and what the Monaco editor holds.
import assert from 'node:assert/strict';
import { card, waitForStatus } from './ui.mjs';

export { tokensOf } from './jsonTokens.mjs';

/** Connects a HubSpot portal through the "Connect with a token" form; returns the connection. */
export async function connectPortalWithToken(page, stack, token) {
  await stack.hubspot('/__fake/private-app-tokens', { token });
  await page.getByRole('button', { name: 'Connect with a token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect with a token' });
  await dialog.waitFor();
  const plugins = await stack.api('/api/v1/plugins');
  const param = plugins.find((p) => p.id === 'hubspot').connect_params.find((p) => p.name === 'private_app_token');
  await dialog.getByLabel(param.description || param.name).fill(token);
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/connections'));
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  assert.equal((await created).status(), 201);
  return (await created).json();
}

/** Waits for the card's retrieval to finish. */
export async function waitForRetrieval(page, connection) {
  await waitForStatus(card(page, connection.label), 'completed');
}

/** GET with the owner's token, answering the body's bytes (no JSON parse) and the headers. */
export async function rawBytes(stack, path) {
  const answer = await fetch(stack.url + path, { headers: { Authorization: `Bearer ${stack.owner.token}` } });
  assert.equal(answer.status, 200, `GET ${path}`);
  return { bytes: Buffer.from(await answer.arrayBuffer()), headers: answer.headers };
}

/**
 * The text of the explorer's Monaco model. Monaco draws only the lines in view, so the whole text
 * cannot be read from its DOM; the page keeps the editor instance on its container element
 * (`.json-editor`, as `editor`), and the test reads the model through that public API.
 */
export async function editorText(page) {
  const host = page.locator('.json-editor');
  await host.locator('.monaco-editor .view-lines').waitFor();
  return host.evaluate((element) => element.editor.getModel().getValue());
}

/**
 * Waits until Monaco has drawn lines and its icon font (the folding chevrons) has loaded: the
 * font is fetched when the first icon is laid out and shows nothing until then (font-display:
 * block), so a screenshot taken before would lack the chevrons.
 */
export async function editorDrawn(page) {
  await page.locator('.json-editor .view-lines .view-line').first().waitFor();
  await page.waitForFunction(() => document.fonts.check('12px codicon'));
}

/** The lines Monaco draws now (its DOM), top to bottom. */
export async function renderedLines(page) {
  return page.locator('.json-editor .view-lines').evaluate((lines) =>
    [...lines.querySelectorAll('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => line.textContent.replace(/\u00a0/g, ' ')),
  );
}
