// stopChild is what every crash test ends with: it must not hang on a child that is already gone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { hasExited, stopChild } from './process.js';

test('stopChild kills a running child, and returns for one that already exited', async () => {
  const running = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  await stopChild(running, 'SIGKILL');
  assert.equal(running.signalCode, 'SIGKILL');

  const gone = spawn(process.execPath, ['-e', 'process.exit(3)']);
  await once(gone, 'exit');
  assert.ok(hasExited(gone));
  await stopChild(gone); // before, `kill` then `await once(child, 'exit')` waited forever here
  assert.equal(gone.exitCode, 3);
});
