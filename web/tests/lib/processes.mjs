// Child processes of a test file: started with their output kept, waited on by an output line
// (never by a sleep), and all ended when the file's tests finish, whether they passed or not.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const started = new Set();

// The children see the test's environment without HSD_* variables, so that a developer's
// shell settings never reach the service under test.
function cleanEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('HSD_')) env[key] = value;
  return { ...env, ...extra };
}

export class Child {
  constructor(name, command, args, { env = {}, cwd, logFile } = {}) {
    this.name = name;
    this.output = '';  // stdout and stderr as they came
    this.stdout = '';
    this.exited = null;
    this.process = spawn(command, args, { env: cleanEnv(env), cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.listeners = new Set();
    const take = (chunk) => {
      this.output += chunk.toString();
      if (logFile) appendFileSync(logFile, chunk);
      for (const listener of this.listeners) listener();
    };
    this.process.stdout.on('data', (chunk) => {
      this.stdout += chunk.toString();
      take(chunk);
    });
    this.process.stderr.on('data', take);
    this.done = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.exited = { code, signal };
        started.delete(this);
        for (const listener of this.listeners) listener();
        resolve(this.exited);
      });
      this.process.on('error', (error) => {
        this.output += `\n[spawn failed: ${error.message}]`;
        this.exited = { code: -1, signal: null };
        started.delete(this);
        resolve(this.exited);
      });
    });
    started.add(this);
  }

  /** Resolves with the first match of `pattern` in the output; rejects if the process ends first or after `ms`. */
  waitFor(pattern, ms = 30_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.output.match(pattern);
        if (match) return finish(() => resolve(match));
        if (this.exited) {
          return finish(() => reject(new Error(`${this.name} exited (${JSON.stringify(this.exited)}) before printing ${pattern}:\n${this.output}`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${this.name} did not print ${pattern} within ${ms} ms:\n${this.output}`))), ms);
      const finish = (then) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        then();
      };
      this.listeners.add(check);
      check();
    });
  }

  async stop() {
    if (this.exited) return this.exited;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    const exited = await this.done;
    clearTimeout(timer);
    return exited;
  }
}

/** Runs a command to its end; resolves with its exit code and output. */
export function run(command, args, options = {}) {
  const child = new Child(command, command, args, options);
  return child.done.then(({ code }) => ({ code, stdout: child.stdout, output: child.output }));
}

/** Ends every child still running (called from each test file's `after`). */
export async function stopAll() {
  await Promise.all([...started].map((child) => child.stop()));
}

// A crash of the test runner must not leave servers behind either.
process.on('exit', () => {
  for (const child of started) child.process.kill('SIGKILL');
});
