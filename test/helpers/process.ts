// Runs the real entry points as child processes, the way an operator does.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
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
