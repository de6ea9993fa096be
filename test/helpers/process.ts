// Runs the real entry points as child processes, the way an operator does.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { OFFLINE_SOURCES } from './offline.js';

const TSX = import.meta.resolve('tsx');
export const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
export const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The child starts from a clean environment plus `env`, in `cwd` (a temp dir, so no developer
 * `.env` leaks in).
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // HTTP_PORT=off: children run in parallel and would all want the default port 9464.
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...OFFLINE_SOURCES, HTTP_PORT: 'off', ...env };
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  timeoutMs = 60_000,
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, CLI, ...args],
      { env: childEnv(env), cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? null) : 0;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
}

export function spawnMain(env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, MAIN], { env: childEnv(env), cwd, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Signals the child and waits for it to exit. A child that already exited resolves at once: waiting
 * for an 'exit' that was emitted before would hang the test instead of failing it.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** Whether the child has exited (on its own or killed). */
export const hasExited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

const stderrTails = new WeakMap<ChildProcess, string>();

/**
 * spawnMain for a child the test does not read: stdout is drained (a full pipe would stall it) and
 * the end of stderr is kept for the failure message (stderrTail).
 */
export function startMain(env: Record<string, string>, cwd: string): ChildProcess {
  const child = spawnMain(env, cwd);
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderrTails.set(child, ((stderrTails.get(child) ?? '') + d).slice(-2000));
  });
  return child;
}

export const stderrTail = (child: ChildProcess): string => stderrTails.get(child) || 'no output on stderr';
