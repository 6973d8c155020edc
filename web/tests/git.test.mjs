// GitHub on the Connections page: a portal connected with the token form, Git connected with
// a token minted by the fake GitHub, a repository added with its default branch preselected, a
// backup added and run with its commit shown, and a repository deleted on GitHub shown as such.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './lib/stack.mjs';
import { run } from './lib/processes.mjs';
import { launch, checkPage } from './lib/browser.mjs';
import { card, setPasswordFromLink, waitForStatus, waitUntil } from './lib/ui.mjs';

let stack;
let browser;
let page;
let portal;
let gitConnection;
let repo; // the fake's {id, full_name, path}
let repository; // the service's repository

before(async () => {
  stack = await startStack({ name: 'git' });
  browser = await launch();
  page = await browser.context.newPage();
  await setPasswordFromLink(page, stack.owner.link);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

// The label of a plugin's connect parameter as the form shows it: its description, else its name.
async function paramLabel(plugin, name) {
  const plugins = await stack.api('/api/v1/plugins');
  const param = plugins.find((p) => p.id === plugin).connect_params.find((p) => p.name === name);
  return param.description || param.name;
}

test('a portal is connected with the token form built from its connect parameters', async () => {
  await stack.hubspot('/__fake/private-app-tokens', { token: 'pat-na1-webtest-git' });
  await page.getByRole('button', { name: 'Connect with a token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect with a token' });
  await dialog.waitFor();
  await checkPage(page, 'dialog-connect-token');
  await dialog.getByLabel(await paramLabel('hubspot', 'private_app_token')).fill('pat-na1-webtest-git');
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/connections'));
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  assert.equal((await created).status(), 201);
  portal = await (await created).json();
  const portalCard = card(page, portal.label);
  await waitForStatus(portalCard, 'completed');
  // Retrieve now queues another retrieval, which the card follows to its end.
  const queued = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/connections/${portal.id}/retrieve`));
  await portalCard.getByRole('button', { name: 'Retrieve now' }).click();
  assert.ok((await queued).ok());
  await waitUntil(async () => {
    const jobs = await stack.api(`/api/v1/jobs?connection=${portal.id}`);
    return jobs.length === 2 && jobs.every((j) => j.pipeline === 'retrieve' && j.state === 'succeeded');
  }, 'the second retrieval to succeed');
  await waitForStatus(portalCard, 'completed');
});

test('Git is connected with a token from the fake GitHub', async () => {
  await stack.github('/__fake/users', { login: 'acme-bot', type: 'User' });
  // The default branch is not the first in order, so preselecting it is a real choice.
  repo = await stack.github('/__fake/repos', { owner: 'acme-bot', name: 'hubspot-config', default_branch: 'trunk', branches: ['alpha', 'trunk'] });
  const { token } = await stack.github('/__fake/tokens', { login: 'acme-bot', kind: 'classic', scopes: ['repo', 'read:org'] });
  const git = page.getByRole('region', { name: 'Git' });
  assert.match(await git.getByRole('link', { name: 'Connect Git', exact: true }).getAttribute('href'), /\/api\/v1\/oauth\/github\/start\?workspace=/);
  await git.getByRole('button', { name: 'Connect Git with a token' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByLabel(await paramLabel('github', 'token')).fill(token);
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/connections'));
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  assert.equal((await created).status(), 201);
  gitConnection = await (await created).json();
  await card(page, gitConnection.label).waitFor();
});

test('a repository is added with its default branch preselected', async () => {
  const gitCard = card(page, gitConnection.label);
  await gitCard.getByRole('button', { name: 'Add Repo' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a repository' });
  await dialog.waitFor();
  await dialog.getByRole('searchbox', { name: 'Search repositories' }).fill('hubspot');
  await dialog.getByRole('option', { name: /acme-bot\/hubspot-config/ }).click();
  const branch = dialog.getByRole('combobox', { name: 'Branch' });
  await waitUntil(async () => (await branch.inputValue()) === 'trunk', 'the default branch to be preselected');
  await checkPage(page, 'dialog-add-repo');
  const added = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/connections/${gitConnection.id}/repos`));
  await dialog.getByRole('button', { name: 'Add repository' }).click();
  assert.equal((await added).status(), 201);
  repository = await (await added).json();
  const item = gitCard.getByRole('listitem').filter({ hasText: 'acme-bot/hubspot-config' }).first();
  await item.getByText('Connected').waitFor();
});

test('a backup is added and run, and its commit is the branch head', async () => {
  const gitCard = card(page, gitConnection.label);
  await gitCard.getByRole('button', { name: 'Add backup' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add backup' });
  await dialog.waitFor();
  await dialog.getByRole('combobox', { name: 'Portal' }).selectOption({ label: portal.label });
  const schedule = dialog.getByRole('combobox', { name: 'Schedule' });
  const scheduleOptions = await schedule.locator('option').allTextContents();
  await schedule.selectOption({ label: scheduleOptions.find((o) => /daily/i.test(o)) ?? scheduleOptions[0] });
  await dialog.getByRole('textbox', { name: 'Folder' }).fill('portals');
  await checkPage(page, 'dialog-add-backup');
  const added = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/backups'));
  await dialog.getByRole('button', { name: 'Add backup' }).click();
  assert.equal((await added).status(), 201);
  const backup = await (await added).json();

  const ran = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/backups/${backup.id}/run`));
  await gitCard.getByRole('button', { name: 'Run now' }).first().click();
  assert.ok((await ran).ok());
  // The new daily backup also runs at once; wait until no backup job is queued or running.
  const runs = await waitUntil(async () => {
    const jobs = await stack.api(`/api/v1/jobs?connection=${gitConnection.id}`);
    if (jobs.some((j) => j.state === 'queued' || j.state === 'running')) return null;
    const list = await stack.api(`/api/v1/backups/${backup.id}/runs`);
    return list.length > 0 && list;
  }, 'the backup runs to finish', 90_000);
  assert.equal(backup.branch, 'trunk', 'the backup goes to the preselected default branch');
  const head = (await run('git', ['-C', repo.path, 'rev-parse', 'refs/heads/trunk'])).stdout.trim();
  assert.match(head, /^[0-9a-f]{40}$/);
  assert.ok(JSON.stringify(runs).includes(head), `a run committed the branch head ${head}: ${JSON.stringify(runs)}`);
  await gitCard.getByText(head.slice(0, 7)).first().waitFor();
  await checkPage(page, 'connections-git');
});

test('a repository deleted on GitHub shows "Not found" after its check', async () => {
  await stack.github(`/__fake/repos/${repo.id}/delete`, {});
  await stack.api(`/api/v1/repos/${repository.id}/check`, { method: 'POST' });
  const gitCard = card(page, gitConnection.label);
  const item = gitCard.getByRole('listitem').filter({ hasText: 'acme-bot/hubspot-config' }).first();
  await item.getByText('Not found').waitFor();
  await checkPage(page, 'connections-git-error');
});

test('the details page of the Git connection lists its repositories', async () => {
  await card(page, gitConnection.label).getByRole('link', { name: 'Details' }).click();
  await page.waitForURL((url) => url.pathname === `/connections/${gitConnection.id}`);
  await page.getByRole('heading', { level: 1, name: gitConnection.label }).waitFor();
  await page.getByRole('heading', { name: 'Repositories' }).first().waitFor();
  await checkPage(page, 'details-git');
});
