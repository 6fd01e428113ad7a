/**
 * Runs `besitos` the way tests need it: in-process through the composed CLI with captured output
 * (fast, both dialects), or as a real child process (exit codes as a shell sees them).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { runBesitos as besitosCli } from '../../src/entry/besitos.js';
import type { Storage } from '../../src/storage/connect.js';
import type { TestDialect, TestLocation } from '../helpers/dialects.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON object a --json run prints. */
  json<T = any>(): T;
}

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
}

function result(code: number, stdout: string, stderr: string): CliRun {
  return {
    code,
    stdout,
    stderr,
    json: () => {
      const lines = stdout.trim().split('\n');
      if (lines.length !== 1) throw new Error(`expected one JSON line on stdout, got:\n${stdout}\nstderr:\n${stderr}`);
      return JSON.parse(lines[0] as string);
    },
  };
}

/** In-process. The environment is only what `env` says: nothing leaks in from the test runner. */
export async function runBesitos(args: string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await besitosCli(args, {
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
  });
  return result(code, stdout, stderr);
}

/** A location as one URL: PostgreSQL's schema in the `?schema=` form openStorage accepts. */
export function cliUrl(location: TestLocation): string {
  return location.schema === undefined ? location.url : `${location.url}?schema=${location.schema}`;
}

export interface CliDatabase {
  /** A fresh, empty (not even migrated) database per test. */
  location: TestLocation;
  url: string;
  /** `besitos --database <url> ...args` in-process. */
  cli(...args: string[]): Promise<CliRun>;
  cliWith(options: RunOptions, ...args: string[]): Promise<CliRun>;
  /** A direct storage on the same database, closed after the test. */
  open(): Promise<Storage>;
}

/** A fresh database per test; all of them are dropped after the file. */
export function useCliDatabase(dialect: TestDialect): CliDatabase {
  const ctx = {} as CliDatabase;
  const locations: TestLocation[] = [];
  let opened: Storage[] = [];
  beforeEach(() => {
    opened = [];
    const location = dialect.newLocation();
    ctx.location = location;
    locations.push(location);
    ctx.url = cliUrl(location);
    ctx.cliWith = async (options, ...args) => {
      const result = await runBesitos(['--database', ctx.url, ...args], options);
      // No test here expects exit 1: say why, or a later assertion fails with no clue.
      if (result.code === 1) console.error(`besitos ${args.join(' ')} failed unexpectedly: ${result.stderr}`);
      return result;
    };
    ctx.cli = (...args) => ctx.cliWith({}, ...args);
    ctx.open = async () => {
      const storage = await location.open();
      opened.push(storage);
      return storage;
    };
  });
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });
  afterAll(async () => {
    await dropAll(locations.splice(0));
  });
  return ctx;
}

export async function dropAll(locations: TestLocation[]): Promise<void> {
  for (const location of locations) await location.destroy();
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'src', 'entry', 'main.ts');
// By absolute URL, so the child finds tsx whatever its working directory.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface SpawnOptions extends RunOptions {
  cwd?: string;
  /** Run as another user (the tests run as root: a user who may not write a file). */
  uid?: number;
  gid?: number;
}

/** `node --import tsx src/entry/main.ts ...args` as a child process. */
export function spawnBesitos(args: string[], options: SpawnOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve(result(code ?? -1, stdout, stderr)));
    child.stdin.end(options.stdin ?? '');
  });
}
