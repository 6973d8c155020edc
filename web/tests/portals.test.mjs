// HubSpot portals on the Connections page: connect by OAuth and watch pending -> in progress
// -> completed, rename by keyboard, the details page, a member's read-only view (and the API
// refusing the member), a dead refresh token with Reconnect, and delete behind its confirmation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, request } from './lib/stack.mjs';
import { launch, checkPage, settled } from './lib/browser.mjs';
import { assertFullyShown, card, sessionOf, setPasswordFromLink, statusOf, waitForStatus, waitUntil } from './lib/ui.mjs';

let stack;
let browser;
let page;
let portal; // {id, label} of the connection made by OAuth
const renamed = 'Marketing portal (renamed)';

before(async () => {
  stack = await startStack({ name: 'portals' });
  browser = await launch();
  page = await browser.context.newPage();
  await setPasswordFromLink(page, stack.owner.link);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const gates = async () => (await stack.hubspot('/__fake/gates', undefined, 'GET')).gates;
const held = async () => (await gates()).reduce((n, g) => n + g.waiting, 0);

test('a portal connected by OAuth goes pending, then in progress, then completed', async () => {
  // The service has one job worker. Another workspace's portal, connected with a private app
  // token, takes it: its retrieval is held by a gate in the fake HubSpot, so the new
  // connection's retrieval stays pending behind it for as long as the test needs.
  const globex = JSON.parse(await stack.cli('admin', 'bootstrap', '--workspace', 'globex', '--email', 'boss@globex.test', '--output', 'json'));
  await stack.hubspot('/__fake/private-app-tokens', { token: 'pat-na1-webtest-blocker' });
  await stack.hubspot('/__fake/gates', { path: '/crm' });
  const blocker = await stack.api(`/api/v1/workspaces/${globex.workspace.id}/connections`, {
    method: 'POST',
    token: globex.token,
    body: { plugin: 'hubspot', private_app_token: 'pat-na1-webtest-blocker', label: 'Blocker' },
  });
  await waitUntil(async () => (await held()) > 0, "the blocker's retrieval reaching the gate");

  await page.goto(`${stack.url}/connections`);
  const connect = page.getByRole('link', { name: 'Connect Portal' });
  assert.match(await connect.getAttribute('href'), /\/api\/v1\/oauth\/hubspot\/start\?workspace=/);
  await connect.click();
  // The fake's consent page approves at once and sends the browser back through the callback.
  await page.waitForURL((url) => url.pathname === '/connections' && url.searchParams.has('connected'));
  const id = Number(new URL(page.url()).searchParams.get('connected'));
  portal = await stack.api(`/api/v1/connections/${id}`);
  const portalCard = card(page, portal.label);
  await waitForStatus(portalCard, 'pending');
  // The tooltip of a pending status says where it is in the queue.
  await portalCard.locator('[data-status]').first().hover();
  const tooltip = page.getByRole('tooltip');
  await tooltip.waitFor();
  assert.ok((await tooltip.innerText()).length > 10, 'the tooltip explains the status');
  await settled(page);
  await assertFullyShown(tooltip, "the pending status's tooltip");
  await checkPage(page, 'connections-pending');

  // Let the blocker's requests through: the worker finishes it and takes ours, whose requests
  // (another credential) the gate holds, so the card shows it in progress.
  await stack.hubspot('/__fake/gates/release', { path: '/crm' });
  await waitForStatus(portalCard, 'in progress');
  assert.equal((await stack.api(`/api/v1/connections/${blocker.id}`, { token: globex.token })).status, 'completed');
  await checkPage(page, 'connections-in-progress');

  await stack.hubspot('/__fake/gates/open', {});
  await waitForStatus(portalCard, 'completed');
  await portalCard.locator('[data-status]').first().focus();
  await tooltip.waitFor();
  await checkPage(page, 'connections-completed');
});

test('the portal is renamed by keyboard, and a reload shows the new name', async () => {
  const portalCard = card(page, portal.label);
  await portalCard.getByRole('button', { name: 'Rename' }).focus();
  await page.keyboard.press('Enter');
  const name = page.getByRole('textbox', { name: 'Connection name' });
  await name.waitFor();
  await checkPage(page, 'connections-rename');
  await name.press('Control+a');
  await name.pressSequentially(renamed);
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/v1/connections/${portal.id}`));
  await name.press('Enter');
  assert.equal((await saved).status(), 200);
  await card(page, renamed).waitFor();
  await page.reload();
  await card(page, renamed).waitFor();
  assert.equal((await stack.api(`/api/v1/connections/${portal.id}`)).label, renamed);
  portal.label = renamed;
});

test('the details page shows everything known about the connection', async () => {
  await card(page, portal.label).getByRole('link', { name: 'Details' }).click();
  await page.waitForURL((url) => url.pathname === `/connections/${portal.id}`);
  await page.getByRole('heading', { level: 1, name: portal.label }).waitFor();
  for (const section of ['Account', 'Scopes', 'Token', 'Warnings', 'Recent runs']) {
    await page.getByRole('heading', { name: section }).first().waitFor();
  }
  // The recent runs: the first retrieval, with its outcome.
  const runs = page.getByRole('table').first();
  await runs.waitFor();
  assert.ok((await runs.getByRole('row').count()) >= 2, 'a header row and at least one run');
  assert.match(await runs.innerText(), /retrieve/i);
  // The snapshot history: the first retrieval's snapshot, current, with its object count.
  const history = page.getByRole('region', { name: 'Snapshot history' }).getByRole('table');
  await history.getByRole('cell', { name: 'Current' }).waitFor();
  assert.ok((await history.getByRole('row').count()) >= 2, 'a header row and at least one snapshot');
  await checkPage(page, 'details-portal');
});

test('a member sees no control that changes anything, and the API refuses the member', async () => {
  const added = await stack.api(`/api/v1/workspaces/${stack.owner.workspaceId}/members`, {
    method: 'POST',
    body: { email: 'ann@acme.test', role: 'member' },
  });
  assert.ok(added.password_link?.url, 'adding a member without a password answers a link');
  const member = await launch();
  try {
    const memberPage = await member.context.newPage();
    await setPasswordFromLink(memberPage, added.password_link.url);
    const memberCard = card(memberPage, portal.label);
    await memberCard.waitFor();
    await memberPage.getByText('Only workspace admins can create connections - ask an admin').first().waitFor();
    for (const name of ['Rename', 'Retrieve now', 'Delete', 'Connect with a token', 'Connect Git with a token', 'Add Repo']) {
      assert.equal(await memberPage.getByRole('button', { name }).count(), 0, `a member has no "${name}" button`);
    }
    for (const name of ['Connect Portal', 'Connect Git', 'Reconnect']) {
      assert.equal(await memberPage.getByRole('link', { name }).count(), 0, `a member has no "${name}" link`);
    }
    await memberCard.hover();
    assert.equal(await memberPage.getByRole('textbox').count(), 0, 'nothing to type into');
    await checkPage(memberPage, 'connections-member');

    // With the member's own session cookie and CSRF token, a rename is refused for the role.
    const { cookie, csrf } = await sessionOf(member.context, stack.url);
    assert.ok(csrf, 'the member has a CSRF token');
    const refused = await request(stack.url, `/api/v1/connections/${portal.id}`, {
      method: 'PATCH',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, Origin: stack.url },
      body: { label: 'taken over' },
    });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.json.error.code, 'permission_denied');
    assert.notEqual(refused.json.error.details?.reason, 'csrf', 'refused for the role, not for CSRF');
    assert.equal((await stack.api(`/api/v1/connections/${portal.id}`)).label, portal.label);
  } finally {
    await member.close();
  }
});

test('a revoked refresh token shows the error card with Reconnect', async () => {
  await page.goto(`${stack.url}/connections`);
  const portalCard = card(page, portal.label);
  await waitForStatus(portalCard, 'completed');
  // An uninstall on HubSpot's side: the refresh token dies and the access token has expired.
  // Retrieve now meets the 401, the plugin asks the engine for a forced refresh, and the
  // provider refuses it: the card must say to reconnect, not just "unauthenticated".
  assert.ok((await stack.hubspot('/__fake/revoke-refresh-token', { all: true })).revoked >= 1);
  await stack.hubspot('/__fake/expire-access-tokens', {});
  await portalCard.getByRole('button', { name: 'Retrieve now' }).click();
  await waitForStatus(portalCard, 'error');
  const reconnect = portalCard.getByRole('link', { name: 'Reconnect' });
  await reconnect.waitFor();
  assert.match(await reconnect.getAttribute('href'), /\/api\/v1\/oauth\/hubspot\/start/);
  await checkPage(page, 'connections-error');
  // The dead sign-in stays shown as such: a reload (and the API) still say reconnect.
  await page.reload();
  await card(page, portal.label).getByRole('link', { name: 'Reconnect' }).waitFor();
  assert.equal((await stack.api(`/api/v1/connections/${portal.id}`)).status_code, 'reauth_required');
});

test('delete asks for the label, lists what goes, and removes the connection', async () => {
  const portalCard = card(page, portal.label);
  await portalCard.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${portal.label}?` });
  await dialog.waitFor();
  const impact = await stack.api(`/api/v1/connections/${portal.id}/deletion-impact`);
  assert.ok(impact.metadata_objects > 0, 'the retrieval stored metadata');
  // The counts arrive after the dialog opens.
  const text = await waitUntil(async () => {
    const shown = await dialog.innerText();
    return shown.includes(`${impact.metadata_objects.toLocaleString('en-US')} metadata objects`) ||
      shown.includes(`${impact.metadata_objects} metadata objects`) ? shown : null;
  }, `the dialog to show the ${impact.metadata_objects} metadata objects`);
  assert.match(text, /cannot be undone/i);
  const confirm = dialog.getByRole('button', { name: 'Delete connection' });
  assert.equal(await confirm.isDisabled(), true, 'disabled until the label is typed');
  await checkPage(page, 'dialog-delete');
  const typed = dialog.getByRole('textbox', { name: "Type the connection's label to confirm" });
  await typed.fill('not the label');
  assert.equal(await confirm.isDisabled(), true);
  await typed.fill(portal.label);
  await waitUntil(async () => !(await confirm.isDisabled()), 'the button to be enabled');
  await confirm.click();
  await waitUntil(async () => (await portalCard.count()) === 0, 'the card to go');
  assert.equal((await request(stack.url, `/api/v1/connections/${portal.id}`, { headers: { Authorization: `Bearer ${stack.owner.token}` } })).status, 404);
  assert.equal(await statusOf(portalCard), null);
});
