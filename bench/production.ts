// How `npm start` runs the product: the node heap flags of package.json's "start" (one source of
// truth), for every bench phase that measures what a server sees.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const PRODUCTION_NODE_FLAGS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .filter((word) => word.startsWith('--max-'));

/**
 * Runs a compiled bench child (`bench/<script>.mjs` on dist/) with the production flags, without
 * blocking this process (it may be serving the child), and returns its last line as JSON.
 */
export async function runCompiledChild<T>(script: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, join(ROOT, 'bench', script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`${script} failed (exit ${code}): ${last}`);
  return JSON.parse(last) as T;
}
