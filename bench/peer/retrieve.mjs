#!/usr/bin/env node
// The peer side of bench/retrieve: the official HubSpot Node client (@hubspot/api-client)
// retrieving the same metadata hsdeploy's HubSpot plugin retrieves, from the same server.
//
//   node retrieve.mjs --base-url http://127.0.0.1:PORT --token pat-na1-bench [--concurrency 4]
//                     [--limiter] [--retries N]
//
// What it fetches (the same calls, in the same number, as the plugin):
//   custom_object_schemas  crm.schemas.coreApi.getAll()                         1 call
//   contact_properties     crm.properties.coreApi.getAll('contacts')            default
//                          crm.properties.coreApi.getAll('contacts', true)      archived only
//                          apiRequest ?dataSensitivity=sensitive|highly_sensitive  (the client
//                          has no parameter for it)                           = 4 calls
//   deal_properties        the same for 'deals'                                 4 calls
//   workflows              apiRequest GET /automation/v4/flows (cursor paged, limit 100) and
//                          POST /automation/v4/flows/batch/read per 100 ids (the client has no
//                          v4 flows wrapper)
//   forms                  apiRequest GET /marketing/v3/forms?limit=50&formTypes=all (cursor
//                          paged): the client's formsApi.getPage fails on non-hubspot form types
//
// Concurrency: independent types run at the same time, at most N tasks at once, and flow batch
// reads are further tasks queued while the listing keeps paging, like the plugin's task group.
// Objects are de-duplicated per type by id (properties by name; the first one wins), as the
// plugin does, and kept in memory (the client returns them as model objects).
//
// Prints one JSON line: {requests, wall_ms, peak_rss_kb, objects_by_type, client_version}.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const hubspot = require('@hubspot/api-client');
const clientVersion = require('@hubspot/api-client/package.json').version;

function parseArgs(argv) {
  const args = { baseUrl: '', token: '', concurrency: 4, limiter: false, retries: 0 };
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--base-url') args.baseUrl = value();
    else if (flag === '--token') args.token = value();
    else if (flag === '--concurrency') args.concurrency = Number(value());
    else if (flag === '--retries') args.retries = Number(value());
    else if (flag === '--limiter') args.limiter = true;
    else usage(`unknown option ${flag}`);
  }
  if (!args.baseUrl || !args.token) usage('--base-url and --token are required');
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1) usage('--concurrency must be >= 1');
  return args;
}

function usage(message) {
  process.stderr.write(`retrieve.mjs: ${message}\n` +
    'usage: node retrieve.mjs --base-url URL --token TOKEN [--concurrency N] [--limiter] [--retries N]\n');
  process.exit(2);
}

// A task pool: at most `limit` tasks run at once; tasks may add more tasks while running.
class TaskPool {
  constructor(limit) {
    this.limit = limit;
    this.running = 0;
    this.queue = [];
    this.failure = null;
    this.idle = null;
  }
  run(task) {
    this.queue.push(task);
    this.#pump();
  }
  #pump() {
    while (this.running < this.limit && this.queue.length && !this.failure) {
      const task = this.queue.shift();
      ++this.running;
      Promise.resolve()
        .then(task)
        .catch((error) => { this.failure ??= error; })
        .finally(() => {
          --this.running;
          this.#pump();
          if (this.running === 0 && (this.queue.length === 0 || this.failure)) this.idle?.();
        });
    }
  }
  wait() {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.idle = () => (this.failure ? reject(this.failure) : resolve());
    });
  }
}

const args = parseArgs(process.argv.slice(2));
let requests = 0;

const config = {
  basePath: args.baseUrl,
  accessToken: args.token,
  // Counts every request the generated APIs send (apiRequest calls are counted where made).
  middleware: [{ pre: (context) => { ++requests; return context; } }],
};
if (args.limiter) config.limiterOptions = hubspot.DEFAULT_LIMITER_OPTIONS;
if (args.retries > 0) config.numberOfApiCallRetries = args.retries;
const client = new hubspot.Client(config);

const objects = {
  custom_object_schemas: new Map(),
  contact_properties: new Map(),
  deal_properties: new Map(),
  workflows: new Map(),
  forms: new Map(),
};

function keep(type, object, key) {
  const id = object?.[key];
  if (id === undefined || id === null) return;
  const map = objects[type];
  if (!map.has(String(id))) map.set(String(id), object);
}

// apiRequest resolves with the fetch Response whatever its status; `skip` lists statuses that
// yield null instead of failing.
async function rawRequest(options, skip = []) {
  ++requests;
  const response = await client.apiRequest(options);
  if (skip.includes(response.status)) {
    await response.arrayBuffer();
    return null;
  }
  if (!response.ok && response.status !== 207) {
    throw new Error(`${options.method ?? 'GET'} ${options.path}: HTTP ${response.status} ${await response.text()}`);
  }
  return response.json();
}

async function schemas() {
  const page = await client.crm.schemas.coreApi.getAll();
  for (const schema of page.results) keep('custom_object_schemas', schema, 'id');
}

async function properties(type, objectType) {
  const active = await client.crm.properties.coreApi.getAll(objectType);
  for (const p of active.results) keep(type, p, 'name');
  const archived = await client.crm.properties.coreApi.getAll(objectType, true);
  for (const p of archived.results) keep(type, p, 'name');
  // Like the plugin: a sensitive listing refused for want of a scope (403) or as not
  // supported (400) is skipped, the rest of the type is kept.
  for (const dataSensitivity of ['sensitive', 'highly_sensitive']) {
    const page = await rawRequest({ method: 'GET', path: `/crm/v3/properties/${objectType}`, qs: { dataSensitivity } },
                                  [400, 403]);
    for (const p of page?.results ?? []) keep(type, p, 'name');
  }
}

async function readFlows(ids) {
  const body = { inputs: ids.map((flowId) => ({ type: 'FLOW_ID', flowId })) };
  const page = await rawRequest({ method: 'POST', path: '/automation/v4/flows/batch/read', body });
  for (const flow of page.results ?? []) keep('workflows', flow, 'id');
}

async function workflows(pool) {
  const listed = new Set();
  let pending = [];
  const flush = () => {
    if (!pending.length) return;
    const ids = pending;
    pending = [];
    pool.run(() => readFlows(ids));
  };
  let after;
  do {
    const qs = { limit: '100' };
    if (after) qs.after = after;
    const page = await rawRequest({ method: 'GET', path: '/automation/v4/flows', qs });
    for (const flow of page.results ?? []) {
      if (flow.id === undefined || listed.has(flow.id)) continue;
      listed.add(flow.id);
      pending.push(flow.id);
      if (pending.length >= 100) flush();
    }
    after = page.paging?.next?.after;
  } while (after);
  flush();
}

// Forms go through apiRequest: the client's formsApi.getPage(after, 50, undefined, ['all'])
// throws "typeMap[type].getAttributeTypeMap is not a function" on the first page holding a
// form whose formType is not `hubspot` (captured, flow, blog_comment): its FormDefinitionBase
// discriminator maps `hubspot` only (HubSpot/hubspot-api-nodejs#648, still so in 14.0.1).
async function forms() {
  let after;
  do {
    const qs = { limit: '50', formTypes: 'all' };
    if (after) qs.after = after;
    const page = await rawRequest({ method: 'GET', path: '/marketing/v3/forms', qs });
    for (const form of page.results ?? []) keep('forms', form, 'id');
    after = page.paging?.next?.after;
  } while (after);
}

const started = performance.now();
const pool = new TaskPool(args.concurrency);
pool.run(schemas);
pool.run(() => properties('contact_properties', 'contacts'));
pool.run(() => properties('deal_properties', 'deals'));
pool.run(() => workflows(pool));
pool.run(forms);
try {
  await pool.wait();
} catch (error) {
  process.stderr.write(`retrieve.mjs: ${error?.message ?? error}\n`);
  process.exit(1);
}
const wallMs = performance.now() - started;

const objectsByType = Object.fromEntries(Object.entries(objects).map(([type, map]) => [type, map.size]));
process.stdout.write(JSON.stringify({
  requests,
  wall_ms: Math.round(wallMs),
  peak_rss_kb: process.resourceUsage().maxRSS,
  objects_by_type: objectsByType,
  client_version: clientVersion,
}) + '\n');
