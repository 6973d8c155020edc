// One test file's world: the fake HubSpot and fake GitHub, a fresh SQLite database and key file
// in a temporary folder, the first owner from `hsdeploy admin bootstrap`, and `hsdeploy serve`
// serving the built UI. Paths come from CTest: HSD_BUILD_DIR (the build folder, with bin/,
// plugins/ and web/) and HSD_SOURCE_DIR (the checkout, for config/pipelines).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child, run, stopAll } from './processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const sourceDir = resolve(process.env.HSD_SOURCE_DIR ?? join(here, '..', '..', '..'));
export const buildDir = resolve(process.env.HSD_BUILD_DIR ?? join(sourceDir, 'build', 'release'));

export const HUBSPOT_CLIENT_ID = 'hsd-fake-client-id';
export const HUBSPOT_CLIENT_SECRET = 'hsd-fake-client-secret';
export const GITHUB_CLIENT_ID = 'Iv1.fakegithubclient';
export const GITHUB_CLIENT_SECRET = 'fake-github-client-secret';

function bin(name) {
  const path = join(buildDir, 'bin', name);
  if (!existsSync(path)) throw new Error(`${path} is missing: build it first (scripts/build release)`);
  return path;
}

// The service must know its own origin (service.public_url) before it starts, for the OAuth
// redirect URIs and the CSRF Origin check, so the port is picked here: the OS hands out a free
// one, which is closed and given to the service at once.
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A fake's control or API endpoint: JSON in, JSON out, any non-2xx answer throws. */
export async function callJson(base, path, { method = 'POST', body, headers = {} } = {}) {
  const answer = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} ${base}${path}: ${answer.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function yamlBlock(keys) {
  return Object.entries(keys)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ');
}

/**
 * Starts everything. `service` adds or overrides service.* keys (workers: 1 by default, so
 * that a queued job stays pending while another runs); `pluginsDir` replaces the built plugins
 * folder (see pluginsDirWith); `hubspotArgs` go to the fake HubSpot after its defaults.
 */
export async function startStack({ name, service = {}, pluginsDir = join(buildDir, 'plugins'), hubspotArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `hsd-web-${name ?? 'test'}-`));
  mkdirSync(join(dir, 'config'));

  const hubspot = new Child('hsd-fake-hubspot', bin('hsd-fake-hubspot'), ['--port', '0', '--size', 'small', '--rate-limit', '0', ...hubspotArgs]);
  const github = new Child('hsd-fake-github', bin('hsd-fake-github'), ['--port', '0', '--root', join(dir, 'github')]);
  const hubspotUrl = (await hubspot.waitFor(/listening on (http:\/\/\S+)/))[1];
  const githubUrl = (await github.waitFor(/listening on (http:\/\/\S+)/))[1];

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serviceKeys = {
    listen: `127.0.0.1:${port}`,
    public_url: url,
    web_dir: join(buildDir, 'web'),
    workers: 1,
    threads: 8,
    scheduler_tick: '1s',
    ...service,
  };
  const config = [
    'storage: { plugin: sqlite, path: var/hsdeploy.db }',
    `plugins: { dir: ${JSON.stringify(pluginsDir)}, data_dir: var/plugin-data }`,
    `pipelines: { dir: ${JSON.stringify(join(sourceDir, 'config', 'pipelines'))} }`,
    'secrets: { key_file: var/secret.key }',
    `service: { ${yamlBlock(serviceKeys)} }`,
    'connectors:',
    '  hubspot:',
    `    client_id: ${HUBSPOT_CLIENT_ID}`,
    `    client_secret: ${HUBSPOT_CLIENT_SECRET}`,
    `    api_base_url: ${JSON.stringify(hubspotUrl)}`,
    `    auth_base_url: ${JSON.stringify(hubspotUrl)}`,
    '    rate_limit: 0',
    '  github:',
    `    client_id: ${JSON.stringify(GITHUB_CLIENT_ID)}`,
    `    client_secret: ${JSON.stringify(GITHUB_CLIENT_SECRET)}`,
    `    api_base_url: ${JSON.stringify(githubUrl + '/api/v3')}`,
    `    web_base_url: ${JSON.stringify(githubUrl)}`,
    '    max_rate_limit_wait_seconds: 2',
    '',
  ].join('\n');
  const configFile = join(dir, 'config', 'engine.yaml');
  writeFileSync(configFile, config);

  const hsdeploy = bin('hsdeploy');
  const cli = async (...args) => {
    const result = await run(hsdeploy, ['--config', configFile, ...args]);
    if (result.code !== 0) throw new Error(`hsdeploy ${args.join(' ')} failed (${result.code}):\n${result.output}`);
    return result.stdout;
  };

  const ownerEmail = 'owner@acme.test';
  const boot = JSON.parse(await cli('admin', 'bootstrap', '--workspace', 'acme', '--email', ownerEmail, '--output', 'json'));
  if (!boot.password_link?.url) throw new Error(`admin bootstrap printed no password link: ${JSON.stringify(boot)}`);

  const serve = new Child('hsdeploy serve', hsdeploy, ['--config', configFile, 'serve'], {
    env: { HSD_LOG_FORMAT: 'json' },
    logFile: join(dir, 'serve.log'), // kept with HSD_KEEP_TEST_DIRS=1 for a failure's story
  });
  const served = (await serve.waitFor(/hsdeploy serving on (\S+)/))[1];
  if (served !== url) throw new Error(`the service serves on ${served}, not on ${url}`);

  return {
    dir,
    url,
    hubspotUrl,
    githubUrl,
    serve,
    cli,
    owner: {
      email: ownerEmail,
      token: boot.token,
      workspaceId: boot.workspace.id,
      link: boot.password_link.url,
    },
    /** The service's REST API with the owner's API token (or another bearer token). */
    api: (path, options = {}) => callJson(url, path, { method: 'GET', ...options, headers: { Authorization: `Bearer ${options.token ?? boot.token}`, ...(options.headers ?? {}) } }),
    hubspot: (path, body, method = 'POST') => callJson(hubspotUrl, path, { method, body }),
    github: (path, body, method = 'POST') => callJson(githubUrl, path, { method, body }),
    async stop() {
      await stopAll();
      if (!process.env.HSD_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A folder of links to every built plugin plus the given test plugins (build/test-plugins,
 * e.g. 'odd_source'), for startStack's `pluginsDir`: the test plugins never ship, so they are
 * not in build/plugins.
 */
export function pluginsDirWith(parent, testPlugins) {
  const dir = join(parent, 'plugins');
  mkdirSync(dir);
  for (const file of readdirSync(join(buildDir, 'plugins')).filter((f) => /^libhsd_.*\.so$/.test(f))) symlinkSync(join(buildDir, 'plugins', file), join(dir, file));
  for (const id of testPlugins) {
    const file = `libhsd_${id}.so`;
    const path = join(buildDir, 'test-plugins', file);
    if (!existsSync(path)) throw new Error(`${path} is missing: build it first (scripts/build release hsd_${id})`);
    symlinkSync(path, join(dir, file));
  }
  return dir;
}

/** Any HTTP call, answering {status, headers, body} whatever the status (for the refusals tests expect). */
export async function request(base, path, { method = 'GET', headers = {}, body } = {}) {
  const answer = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await answer.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the caller looks at the text
  }
  return { status: answer.status, headers: answer.headers, text, json };
}
