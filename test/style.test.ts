// Formatting is checked, not hoped for: prettier's layout (.prettierrc.json) for the TypeScript
// we own, and at most 120 characters a line in src/, which prettier does not enforce on strings
// and comments. `npx prettier --write src test bench scripts` fixes the first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import * as prettier from 'prettier';

const REPO = resolve(import.meta.dirname, '..');
const MAX_LINE = 120;

function tsFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(REPO, join(e.parentPath, e.name)))
    .sort();
}

test(`every line in src/ is at most ${MAX_LINE} characters`, () => {
  const long: string[] = [];
  for (const file of tsFiles('src')) {
    readFileSync(join(REPO, file), 'utf8')
      .split('\n')
      .forEach((line, i) => line.length > MAX_LINE && long.push(`${file}:${i + 1} (${line.length})`));
  }
  assert.deepEqual(long, [], `lines over ${MAX_LINE} characters:\n${long.join('\n')}`);
});

test('src, test, bench and scripts are formatted by prettier', async () => {
  const files = ['src', 'test', 'bench', 'scripts'].flatMap(tsFiles);
  assert.ok(files.length > 100, `only ${files.length} files found`);
  const unformatted: string[] = [];
  for (const file of files) {
    const path = join(REPO, file);
    const info = await prettier.getFileInfo(path, { ignorePath: join(REPO, '.prettierignore') });
    if (info.ignored) continue;
    const options = { ...(await prettier.resolveConfig(path)), filepath: path };
    if (!(await prettier.check(readFileSync(path, 'utf8'), options))) unformatted.push(file);
  }
  assert.deepEqual(unformatted, [], `not formatted (npx prettier --write <file>):\n${unformatted.join('\n')}`);
});
