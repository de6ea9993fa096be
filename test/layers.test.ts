// The import rules of .dependency-cruiser.cjs hold for src/, and they are live: a tree with an
// upward import fails with the rule's name and its explanation.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempDir } from './helpers/fixtures.js';

const REPO = resolve(import.meta.dirname, '..');
const CRUISER = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');

function cruise(cwd: string): { status: number | null; output: string } {
  const args = [CRUISER, 'src', '--config', CONFIG, '--output-type', 'err-long'];
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('src/ keeps the layer rules', () => {
  const r = cruise(REPO);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /no dependency violations found \((\d{3,}) modules/);
});

test('an upward import fails with the rule that forbids it', (t) => {
  const dir = tempDir('secbrief-layers-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
    'src/telegram/sender.ts': 'export const send = (s: string) => s;\n',
    'src/store/outbox.ts': "import { send } from '../telegram/sender.js';\nexport const enqueue = () => send('x');\n",
    'src/news/text.ts': "import type { enqueue } from '../store/outbox.js';\nexport type E = typeof enqueue;\n",
    'src/feeds/ingest.ts': "import { send } from '../telegram/sender.js';\nexport const ingest = () => send('y');\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const r = cruise(dir);
  assert.notEqual(r.status, 0, r.output);
  assert.match(r.output, /store-below-features: src\/store\/outbox\.ts → src\/telegram\/sender\.ts/);
  assert.match(r.output, /store\/ is SQL only/);
  // A type-only import is a dependency too.
  assert.match(r.output, /base-is-pure: src\/news\/text\.ts → src\/store\/outbox\.ts/);
  assert.match(r.output, /feeds-is-ingestion: src\/feeds\/ingest\.ts → src\/telegram\/sender\.ts/);
});
