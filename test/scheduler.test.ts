import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { SerialJob } from '../src/scheduler.js';

const silent = pino({ level: 'silent' });

test('a job never overlaps itself: ticks during a run are skipped, not queued', async () => {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  let release!: () => void;
  const job = new SerialJob(
    't',
    async () => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((r) => (release = r));
      active--;
    },
    silent,
  );
  const first = job.trigger();
  void job.trigger();
  void job.trigger();
  assert.equal(job.busy, true);
  release();
  await first;
  assert.equal(runs, 1);
  assert.equal(maxActive, 1);
  assert.equal(job.skippedTicks, 2);
  assert.equal(job.busy, false);
  const second = job.trigger();
  release();
  await second;
  assert.equal(runs, 2, 'a tick after the run ends starts a new run');
});

test('a failing run is logged and does not stop later runs', async () => {
  const lines: string[] = [];
  const log = pino({ level: 'error' }, { write: (s: string) => void lines.push(s) });
  let calls = 0;
  const job = new SerialJob(
    't',
    async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    },
    log,
  );
  await job.trigger();
  await job.trigger();
  assert.equal(calls, 2);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /scheduled job failed/);
});
