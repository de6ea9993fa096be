// Child process for the hostile-feed suite: runs ONE ingest cycle over the feeds already in the
// database and prints one JSON line with the cycle time and this process's peak RSS, so the
// figure measures the pipeline, not the test runner or the hostile servers.
//
//   node --import tsx test/helpers/hostile-cycle.ts '{"dbPath":…,"timeoutMs":…,"maxBytes":…,"hosts":{…}}'
//
// Admin-origin feeds go through the production SSRF guard with a fake DNS (`hosts`) and one
// allowance: 127.0.0.1, where the test server listens, counts as public. Under it sits a safety
// net that refuses, and reports, any socket to anything but 127.0.0.1, so a guard regression
// fails the test instead of sending a packet to 169.254.169.254 or 10.x.
import net, { isIP } from 'node:net';
import pino from 'pino';
import { runIngestCycle } from '../../src/feeds/ingest.js';
import { createAddressGuard, isPublicAddress, type Resolver } from '../../src/feeds/ssrf.js';
import { openDatabase } from '../../src/store/db.js';

export interface CycleRequest {
  dbPath: string;
  timeoutMs: number;
  maxBytes: number;
  concurrency: number;
  /** Fake DNS for the admin feeds' host names. */
  hosts: Record<string, string>;
}

export interface CycleResult {
  cycleMs: number;
  maxRssKb: number;
  outcomes: Array<{ url: string; status: string; error?: string; ms: number; items: number; inserted: number }>;
  /** Connections the safety net refused: must stay empty. */
  violations: string[];
}

const TEST_SERVER = '127.0.0.1';
const violations: string[] = [];

type LookupCallback = (
  err: Error | null,
  address?: string | Array<{ address: string; family: number }>,
  family?: number,
) => void;
type Lookup = (host: string, opts: object, cb: LookupCallback) => void;

function installSafetyNet(): void {
  const proto = net.Socket.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const connect = proto.connect;
  proto.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const opts =
      first && typeof first === 'object' ? (first as { host?: string; path?: string; lookup?: Lookup }) : null;
    if (opts && !opts.path) {
      const host = opts.host ?? 'localhost';
      if (isIP(host) && host !== TEST_SERVER) {
        violations.push(host);
        process.nextTick(() => this.destroy(new Error(`safety net: no connection to ${host}`)));
        return this;
      }
      if (!isIP(host) && opts.lookup) {
        const lookup = opts.lookup;
        opts.lookup = (h, o, cb) =>
          lookup(h, o, (err, address, family) => {
            const all = Array.isArray(address) ? address.map((a) => a.address) : address ? [address] : [];
            const bad = all.find((a) => a !== TEST_SERVER);
            if (!err && bad) {
              violations.push(`${h}=${bad}`);
              return cb(new Error(`safety net: ${h} resolved to ${bad}`));
            }
            cb(err, address, family);
          });
      }
    }
    return connect.apply(this, args);
  };
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as CycleRequest;
  installSafetyNet();
  const resolver: Resolver = async (host) => (req.hosts[host] ? [{ address: req.hosts[host]!, family: 4 }] : []);
  const db = openDatabase(req.dbPath);
  const started = Date.now();
  const report = await runIngestCycle(
    {
      db,
      clock: () => Date.now(),
      log: pino({ level: 'silent' }),
      fetch: { timeoutMs: req.timeoutMs, maxBytes: req.maxBytes, concurrency: req.concurrency },
      untrustedGuard: createAddressGuard(resolver, (ip) => ip === TEST_SERVER || isPublicAddress(ip)),
    },
    { force: true },
  );
  const cycleMs = Date.now() - started;
  db.close();
  const result: CycleResult = {
    cycleMs,
    maxRssKb: process.resourceUsage().maxRSS,
    outcomes: report.outcomes.map((o) => ({
      url: o.url,
      status: o.status,
      error: o.error,
      ms: o.ms,
      items: o.items,
      inserted: o.inserted,
    })),
    violations,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
