// Workspaces and people: the shell's workspace, role and user; the owner adds a member and an
// admin, changes a role and removes one; the last owner is protected (the API's refusal shows);
// a member signed in through a password link manages nobody (no controls; the API answers 403);
// a rename shows in the audit log with who did it; the audit log pages back; switching
// workspaces changes the Connections and Members pages (and leaves a connection's page); an
// owner stepping down to admin sees the controls go at once. Every page is checked with
// axe-core and saved at both sizes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, request } from './lib/stack.mjs';
import { launch, checkPage } from './lib/browser.mjs';
import { card, sessionOf, setPasswordFromLink, waitUntil } from './lib/ui.mjs';
import { addMemberThroughUi, auditRows, memberRow, openMembers, shownRole } from './lib/people.mjs';

let stack;
let browser;
let page;
let ws; // the first workspace's REST path
let portal; // {id, label}: a HubSpot portal of the first workspace
let annLink; // the one-time link of the member added through the UI
const PAGE_SIZE = 25; // AUDIT_PAGE_SIZE in web/src/pages/AuditPage.tsx

const members = async () => stack.api(`${ws}/members`);
const memberByEmail = async (email) => (await members()).find((m) => m.email === email);

/** A HubSpot portal connected with a private app token (the fake accepts the token registered). */
async function connectPortal(workspacePath, token, label) {
  await stack.hubspot('/__fake/private-app-tokens', { token });
  return stack.api(`${workspacePath}/connections`, {
    method: 'POST',
    body: { plugin: 'hubspot', private_app_token: token, label },
  });
}

before(async () => {
  stack = await startStack({ name: 'people' });
  ws = `/api/v1/workspaces/${stack.owner.workspaceId}`;
  portal = await connectPortal(ws, 'pat-na1-people-acme', 'Acme portal');
  browser = await launch();
  page = await browser.context.newPage();
  await setPasswordFromLink(page, stack.owner.link);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('the shell shows the workspace, the role in it and who is signed in; the owner sees the members', async () => {
  const sidebar = page.getByRole('banner');
  await sidebar.getByText('acme', { exact: true }).waitFor();
  assert.match(await sidebar.getByText(/^Your role:/).textContent(), /Your role: Owner/);
  await sidebar.getByText(stack.owner.email).waitFor();
  // One workspace needs no choice.
  assert.equal(await page.getByRole('combobox', { name: 'Workspace' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 1, 'owners read the audit log');

  await openMembers(page);
  await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
  assert.equal(await shownRole(page, stack.owner.email), 'Owner');
  assert.match(await memberRow(page, stack.owner.email).innerText(), /\(you\)/);
  await page.getByRole('heading', { name: 'Add a member' }).waitFor();
  await checkPage(page, 'members-owner');
});

test('the owner adds a member and an admin, changes a role and removes one', async () => {
  annLink = await addMemberThroughUi(page, 'ann@acme.test', 'Member');
  assert.equal(await shownRole(page, 'ann@acme.test'), 'Member');
  const bobLink = await addMemberThroughUi(page, 'bob@acme.test', 'Admin');
  assert.notEqual(bobLink, annLink, 'each new person gets a link of their own');
  assert.equal(await shownRole(page, 'bob@acme.test'), 'Admin');
  assert.equal((await memberByEmail('bob@acme.test')).role, 'admin');

  // Someone already in the workspace: the API's conflict shows next to the e-mail, and what was typed stays.
  await page.getByLabel('E-mail').fill('ann@acme.test');
  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByRole('alert').filter({ hasText: 'already a member' }).waitFor();
  assert.equal(await page.getByLabel('E-mail').inputValue(), 'ann@acme.test');
  assert.equal(await page.getByLabel('E-mail').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('E-mail').fill('');

  // An owner can issue a new link for someone who never set a password.
  await memberRow(page, 'bob@acme.test').getByRole('button', { name: 'Password link for bob@acme.test' }).click();
  const linkDialog = page.getByRole('dialog', { name: 'One-time link for bob@acme.test' });
  await linkDialog.waitFor();
  const bobNewLink = await linkDialog.getByLabel('Password link').inputValue();
  assert.match(bobNewLink, /\/set-password#token=/);
  assert.notEqual(bobNewLink, bobLink, 'a new link');
  // Copy puts the exact link on the clipboard.
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
  await linkDialog.getByRole('button', { name: 'Copy link' }).click();
  await linkDialog.getByRole('status').filter({ hasText: 'Copied the link' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), bobNewLink);
  await checkPage(page, 'members-password-link');
  await page.keyboard.press('Escape');
  await linkDialog.waitFor({ state: 'detached' });

  // Bob becomes a member: the dialog's radio buttons, by keyboard.
  await memberRow(page, 'bob@acme.test').getByRole('button', { name: 'Change role of bob@acme.test' }).click();
  const roleDialog = page.getByRole('dialog', { name: 'Change the role of bob@acme.test' });
  await roleDialog.waitFor();
  assert.equal(await roleDialog.getByRole('radio', { name: /^Admin/ }).isChecked(), true);
  await checkPage(page, 'members-change-role');
  // Focus starts on the current role; the arrow keys choose another.
  assert.equal(await roleDialog.getByRole('radio', { name: /^Admin/ }).evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('ArrowDown');
  assert.equal(await roleDialog.getByRole('radio', { name: /^Member/ }).isChecked(), true);
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await roleDialog.getByRole('button', { name: 'Save role' }).click();
  assert.equal((await patched).status(), 200);
  await roleDialog.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'bob@acme.test is now member' }).waitFor();
  assert.equal(await shownRole(page, 'bob@acme.test'), 'Member');
  assert.equal((await memberByEmail('bob@acme.test')).role, 'member');

  // Removing asks first; Escape cancels and gives focus back to the button.
  const remove = memberRow(page, 'bob@acme.test').getByRole('button', { name: 'Remove bob@acme.test' });
  await remove.click();
  const confirm = page.getByRole('dialog', { name: 'Remove bob@acme.test?' });
  await confirm.waitFor();
  await checkPage(page, 'members-remove');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await remove.evaluate((el) => el === document.activeElement), true, 'focus is back on Remove');
  assert.ok(await memberByEmail('bob@acme.test'), 'cancelled: bob is still a member');
  await remove.click();
  await confirm.getByRole('button', { name: 'Remove member' }).click();
  await memberRow(page, 'bob@acme.test').waitFor({ state: 'detached' });
  assert.equal(await memberByEmail('bob@acme.test'), undefined);
  assert.deepEqual((await members()).map((m) => m.email).sort(), ['ann@acme.test', stack.owner.email]);
});

test('the last owner is offered no demotion or removal, and the API refusal shows when the list was stale', async () => {
  const ownerRow = memberRow(page, stack.owner.email);
  await ownerRow.getByText('the only owner').waitFor();
  assert.equal(await ownerRow.getByRole('button', { name: /^Change role/ }).count(), 0);
  assert.equal(await ownerRow.getByRole('button', { name: /^Remove/ }).count(), 0);

  // A second owner: the first one's controls appear.
  await addMemberThroughUi(page, 'carol@acme.test', 'Owner');
  await ownerRow.getByRole('button', { name: `Change role of ${stack.owner.email}` }).waitFor();

  // Meanwhile (another tab, a script) Carol is made an admin: this page still shows two owners.
  const carol = await memberByEmail('carol@acme.test');
  await stack.api(`${ws}/members/${carol.user_id}`, { method: 'PATCH', body: { role: 'admin' } });

  await ownerRow.getByRole('button', { name: `Change role of ${stack.owner.email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Change the role of ${stack.owner.email}` });
  await dialog.getByRole('radio', { name: /^Admin/ }).check();
  const refused = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await dialog.getByRole('button', { name: 'Save role' }).click();
  assert.equal((await refused).status(), 409);
  const alert = dialog.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /The role was not changed: .*last owner/);
  await checkPage(page, 'members-last-owner-refused');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // The page read the list again: one owner, with nothing offered on that row.
  await ownerRow.getByText('the only owner').waitFor();
  assert.equal(await ownerRow.getByRole('button', { name: /^Change role/ }).count(), 0);
  assert.equal(await shownRole(page, 'carol@acme.test'), 'Admin');
  assert.equal((await memberByEmail(stack.owner.email)).role, 'owner');
});

test('a member signed in through a password link manages nobody, and the API refuses them', async () => {
  const member = await launch();
  try {
    const memberPage = await member.context.newPage();
    await setPasswordFromLink(memberPage, annLink);
    const sidebar = memberPage.getByRole('banner');
    assert.match(await sidebar.getByText(/^Your role:/).textContent(), /Your role: Member/);
    assert.equal(await memberPage.getByRole('link', { name: 'Audit log' }).count(), 0, 'no audit log link for a member');

    await openMembers(memberPage);
    await memberRow(memberPage, stack.owner.email).waitFor();
    await memberPage.getByText('Only workspace owners can add, change or remove members').waitFor();
    assert.equal(await memberPage.getByRole('heading', { name: 'Add a member' }).count(), 0);
    assert.equal(await memberPage.getByRole('textbox').count(), 0, 'nothing to type into');
    for (const name of [/^Change role/, /^Remove/, /^Password link/, /^Add member/]) {
      assert.equal(await memberPage.getByRole('button', { name }).count(), 0, `a member has no ${name} button`);
    }
    assert.equal(await memberPage.getByRole('columnheader', { name: 'Actions' }).count(), 0);
    await checkPage(memberPage, 'members-member');

    // The audit log, typed in: the API's 403, said in words.
    await memberPage.goto(`${stack.url}/audit`);
    await memberPage.getByRole('alert').filter({ hasText: 'Only admins and owners of this workspace can read the audit log' }).waitFor();
    assert.equal(await memberPage.getByRole('table').count(), 0);
    await checkPage(memberPage, 'audit-member');

    // With the member's own cookie and CSRF token, the engine refuses every change for the role.
    const { cookie, csrf } = await sessionOf(member.context, stack.url);
    assert.ok(csrf, 'the member has a CSRF token');
    const owner = await memberByEmail(stack.owner.email);
    const ann = await memberByEmail('ann@acme.test');
    const headers = { Cookie: cookie, 'X-CSRF-Token': csrf, Origin: stack.url };
    const attempts = [
      ['POST', `${ws}/members`, { email: 'mallory@acme.test', role: 'owner' }],
      ['PATCH', `${ws}/members/${ann.user_id}`, { role: 'owner' }],
      ['DELETE', `${ws}/members/${owner.user_id}`, undefined],
      ['POST', `${ws}/members/${ann.user_id}/password-link`, undefined],
      ['GET', `${ws}/audit`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const refused = await request(stack.url, path, { method, headers, body });
      assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
      assert.equal(refused.json.error.code, 'permission_denied');
      assert.notEqual(refused.json.error.details?.reason, 'csrf', 'refused for the role, not for CSRF');
    }
    assert.deepEqual((await members()).map((m) => `${m.email}:${m.role}`).sort(), [
      'ann@acme.test:member',
      'carol@acme.test:admin',
      `${stack.owner.email}:owner`,
    ]);
  } finally {
    await member.close();
  }
  // Ann has set her password now: the owner is no longer offered a link for her.
  await page.reload();
  await memberRow(page, 'ann@acme.test').waitFor();
  assert.equal(await memberRow(page, 'ann@acme.test').getByRole('button', { name: /^Password link/ }).count(), 0);
  assert.equal(await memberRow(page, 'carol@acme.test').getByRole('button', { name: /^Password link/ }).count(), 1);
});

test('a rename shows in the audit log, with who did it', async () => {
  await page.getByRole('link', { name: 'Connections' }).click();
  const portalCard = card(page, portal.label);
  await portalCard.getByRole('button', { name: 'Rename' }).click();
  const name = page.getByRole('textbox', { name: 'Connection name' });
  await name.fill('Acme main portal');
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/v1/connections/${portal.id}`));
  await name.press('Enter');
  assert.equal((await saved).status(), 200);
  portal.label = 'Acme main portal';
  await card(page, portal.label).waitFor();

  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL((url) => url.pathname === '/audit');
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  const rows = await auditRows(page);
  const rename = rows.find((row) => row.action === 'connection.rename');
  assert.ok(rename, `a connection.rename entry in ${JSON.stringify(rows.slice(0, 5))}`);
  assert.equal(rename.who, stack.owner.email);
  assert.equal(rename.target, 'connection Acme main portal', 'the target by its label, not its id');
  assert.match(rename.details, /label: Acme main portal/);
  assert.equal(rows[0].id, rename.id, 'newest first: the rename is the latest change');
  // The same entries as the API, in the same order.
  const api = await stack.api(`${ws}/audit?limit=${PAGE_SIZE}`);
  assert.deepEqual(rows.map((r) => r.id), api.map((e) => e.id));
  await checkPage(page, 'audit-owner');
});

test('the audit log pages back with Older, and Back returns to the newer page', async () => {
  // Enough entries for three pages: renames through the API, each one audited.
  for (let i = 1; i <= 2 * PAGE_SIZE; i++) {
    await stack.api(`/api/v1/connections/${portal.id}`, { method: 'PATCH', body: { label: `Acme portal ${i}` } });
  }
  portal.label = `Acme portal ${2 * PAGE_SIZE}`;
  await page.reload();
  const first = await auditRows(page);
  assert.equal(first.length, PAGE_SIZE);
  assert.match(first[0].details, new RegExp(`label: Acme portal ${2 * PAGE_SIZE}$`));
  assert.equal(await page.getByRole('link', { name: 'Newest entries' }).count(), 0);

  await page.getByRole('button', { name: 'Older' }).click();
  await page.waitForURL((url) => url.searchParams.get('before') === String(first[first.length - 1].id));
  await page.getByRole('link', { name: 'Newest entries' }).waitFor();
  const second = await waitForRows(page, (rows) => rows[0]?.id !== first[0].id);
  assert.equal(second.length, PAGE_SIZE);
  assert.ok(second[0].id < first[first.length - 1].id, 'the older page starts after the newer one ends');
  const api = await stack.api(`${ws}/audit?limit=${PAGE_SIZE}&before=${first[first.length - 1].id}`);
  assert.deepEqual(second.map((r) => r.id), api.map((e) => e.id));
  await checkPage(page, 'audit-older');

  await page.goBack();
  await page.waitForURL((url) => !url.searchParams.has('before'));
  const again = await waitForRows(page, (rows) => rows[0]?.id === first[0].id);
  assert.deepEqual(again.map((r) => r.id), first.map((r) => r.id));

  // The oldest page has no Older button.
  let rows = first;
  for (let pages = 0; pages < 10 && (await page.getByRole('button', { name: 'Older' }).count()) > 0; pages++) {
    const last = rows[rows.length - 1].id;
    await page.getByRole('button', { name: 'Older' }).click();
    rows = await waitForRows(page, (shown) => shown[0]?.id < last);
  }
  assert.equal(await page.getByRole('button', { name: 'Older' }).count(), 0, 'the last page offers nothing older');
  assert.equal(rows[rows.length - 1].action, 'workspace.bootstrap', 'the oldest entry is the bootstrap');
});

test('switching workspaces changes the Connections page, and the choice is remembered', async () => {
  const globex = await stack.api('/api/v1/workspaces', { method: 'POST', body: { name: 'globex' } });
  await connectPortal(`/api/v1/workspaces/${globex.id}`, 'pat-na1-people-globex', 'Globex portal');

  await page.goto(`${stack.url}/connections`);
  await card(page, portal.label).waitFor();
  const select = page.getByRole('combobox', { name: 'Workspace' });
  await select.waitFor();
  assert.deepEqual(await select.locator('option').allTextContents(), ['acme (owner)', 'globex (owner)']);
  await select.selectOption({ label: 'globex (owner)' });
  await card(page, 'Globex portal').waitFor();
  assert.equal(await card(page, portal.label).count(), 0, "the first workspace's portal is gone");
  await checkPage(page, 'connections-workspace-switched');

  // Remembered in this browser: a reload stays in globex.
  await page.reload();
  await card(page, 'Globex portal').waitFor();
  assert.equal(await select.inputValue(), String(globex.id));

  // The Members page follows the switch too.
  await openMembers(page);
  assert.deepEqual(await page.getByRole('table', { name: 'Members of the workspace' }).getByRole('rowheader').allTextContents(), [
    `${stack.owner.email} (you)`,
  ]);
  await select.selectOption({ label: 'acme (owner)' });
  await memberRow(page, 'ann@acme.test').waitFor();
  await page.getByRole('link', { name: 'Connections' }).click();
  await card(page, portal.label).waitFor();

  // A page about one connection of the workspace left goes back to the Connections page.
  await card(page, portal.label).getByRole('link', { name: 'Details' }).click();
  await page.waitForURL((url) => url.pathname === `/connections/${portal.id}`);
  await select.selectOption({ label: 'globex (owner)' });
  await page.waitForURL((url) => url.pathname === '/connections');
  await card(page, 'Globex portal').waitFor();
  await select.selectOption({ label: 'acme (owner)' });
  await card(page, portal.label).waitFor();
});

test('an owner who steps down to admin sees the shell and the Members page change at once', async () => {
  await openMembers(page);
  await memberRow(page, 'carol@acme.test').getByRole('button', { name: 'Change role of carol@acme.test' }).click();
  let dialog = page.getByRole('dialog', { name: 'Change the role of carol@acme.test' });
  await dialog.getByRole('radio', { name: /^Owner/ }).check();
  await dialog.getByRole('button', { name: 'Save role' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await shownRole(page, 'carol@acme.test'), 'Owner');

  await memberRow(page, stack.owner.email).getByRole('button', { name: `Change role of ${stack.owner.email}` }).click();
  dialog = page.getByRole('dialog', { name: `Change the role of ${stack.owner.email}` });
  await dialog.getByRole('radio', { name: /^Admin/ }).check();
  await dialog.getByRole('button', { name: 'Save role' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The role is read again: no management controls, and the sidebar says Admin (still with the audit log).
  await page.getByText('Only workspace owners can add, change or remove members').waitFor();
  assert.match(await page.getByRole('banner').getByText(/^Your role:/).textContent(), /Your role: Admin/);
  assert.equal(await page.getByRole('heading', { name: 'Add a member' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /^Change role/ }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 1, 'admins read the audit log');
  assert.equal((await memberByEmail(stack.owner.email)).role, 'admin');
  await checkPage(page, 'members-admin');
});

/** The audit rows once `ready(rows)` holds (the page loads another page asynchronously). */
async function waitForRows(p, ready) {
  return waitUntil(async () => {
    const rows = await auditRows(p);
    return ready(rows) ? rows : null;
  }, 'the audit rows of the page asked for', 15_000);
}
