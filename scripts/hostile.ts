/*
 * Hostile-feed figures for the issue notes: `npm run -s hostile` prints `name: value` lines.
 *
 * The same cases as test/feeds/hostile.test.ts (test/helpers/hostile.ts), all on 127.0.0.1:
 *   1. `all_*`: one cycle with every hostile case next to the healthy feeds, as the test runs it;
 *      per case the recorded reason and that feed's own time within the cycle;
 *   2. `healthy_only_*`: the healthy feeds alone, the baseline for the peak RSS;
 *   3. `case_<name>_*`: each hostile case alone next to the healthy feeds, in its own child
 *      process, so its cycle time and peak RSS are its own.
 * The peak RSS is the child process's (process.resourceUsage().maxRSS), which runs nothing but
 * the cycle, with the heap flags of `npm start`. Options: --timeout MS (default 6000, as in the
 * test), --max-bytes N (default 5000000, as shipped), --concurrency N (default 48),
 * --only all|cases, --default-heap (Node's default heap sizes instead).
 */
import { parseArgs } from 'node:util';
import {
  HEALTHY,
  HOSTILE,
  runHostileCycle,
  START_FLAGS,
  SUITE_DEFAULTS,
  type SuiteOptions,
} from '../test/helpers/hostile.js';

const { values } = parseArgs({
  options: {
    timeout: { type: 'string' },
    'max-bytes': { type: 'string' },
    concurrency: { type: 'string' },
    only: { type: 'string' },
    'default-heap': { type: 'boolean' },
  },
});
const opts: SuiteOptions = {
  timeoutMs: Number(values.timeout ?? SUITE_DEFAULTS.timeoutMs),
  maxBytes: Number(values['max-bytes'] ?? SUITE_DEFAULTS.maxBytes),
  concurrency: Number(values.concurrency ?? SUITE_DEFAULTS.concurrency),
  nodeFlags: values['default-heap'] ? [] : START_FLAGS,
};
const line = (name: string, value: string | number) => process.stdout.write(`${name}: ${value}\n`);
const mb = (n: number) => n.toFixed(1);

line('timeout_ms', opts.timeoutMs);
line('max_bytes', opts.maxBytes);
line('concurrency', opts.concurrency);
line('node_flags', opts.nodeFlags!.join(' ') || '(none)');

if (values.only !== 'cases') {
  const all = await runHostileCycle([...HEALTHY, ...HOSTILE], opts);
  line('all_feeds', HEALTHY.length + HOSTILE.length);
  line('all_cycle_ms', all.cycleMs);
  line('all_child_wall_ms', all.wallMs);
  line('all_peak_rss_mb', mb(all.peakRssMb));
  line('all_ssrf_safety_net_trips', all.violations.length);
  line('all_external_dtd_fetched', String(all.dtdRequested));
  for (const c of all.cases) {
    line(`all_${c.name}_reason`, c.reason);
    line(`all_${c.name}_feed_ms`, c.feedMs);
    if (c.articles) line(`all_${c.name}_articles`, c.articles);
  }
  const base = await runHostileCycle(HEALTHY, opts);
  line('healthy_only_cycle_ms', base.cycleMs);
  line('healthy_only_peak_rss_mb', mb(base.peakRssMb));
}

if (values.only !== 'all') {
  for (const hostile of HOSTILE) {
    const r = await runHostileCycle([...HEALTHY, hostile], opts);
    const c = r.cases.find((x) => x.name === hostile.name)!;
    const p = `case_${hostile.name}`;
    line(`${p}_reason`, c.reason);
    if (c.error) line(`${p}_error`, c.error);
    line(`${p}_cycle_ms`, r.cycleMs);
    line(`${p}_peak_rss_mb`, mb(r.peakRssMb));
    if (c.articles)
      line(
        `${p}_articles`,
        `${c.articles} (max title ${c.maxTitle}, summary ${c.maxSummary}, body ${c.maxBody}, url ${c.maxUrl} chars)`,
      );
    const healthy = r.cases.filter((x) => x.name !== hostile.name).every((x) => x.reason === 'ingested');
    line(`${p}_healthy_ingested`, String(healthy));
  }
}
