// EPSS import at full size: 300,000 rows in FIRST's format (comment line, header, unpadded
// numbers), gzipped and served from 127.0.0.1, imported by the compiled build in its own process
// (bench/epss-child.mjs). Prints epss_import_s and epss_import_peak_rss_mb.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startFeedServer, staticRoute } from '../test/helpers/feed-server.js';
import { tempDir } from '../test/helpers/fixtures.js';
import { rng } from './digest.js';
import { runCompiledChild } from './production.js';

/** `rows` rows like FIRST's daily file: every year from 1999, ids rising, scores with a long tail. */
export function epssFile(rows: number): Buffer {
  const r = rng(3);
  const lines = ['#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z', 'cve,epss,percentile'];
  for (let i = 0; i < rows; i++) {
    const year = 1999 + Math.floor((i / rows) * 28);
    const score = Math.round(r() ** 6 * 1e5) / 1e5;
    lines.push(`CVE-${year}-${String(1000 + i).padStart(4, '0')},${score},${Math.round(r() * 1e5) / 1e5}`);
  }
  return gzipSync(`${lines.join('\n')}\n`);
}

export async function epssBench(rows = 300_000): Promise<Record<string, number>> {
  const body = epssFile(rows);
  const server = await startFeedServer({ '/epss.csv.gz': staticRoute(body, { 'content-type': 'application/gzip' }) });
  const dir = tempDir('secbrief-bench-epss-');
  try {
    const url = server.url('/epss.csv.gz');
    const r = await runCompiledChild<{ rows: number; seconds: number; maxRssMb: number }>('epss-child.mjs', [
      join(dir, 'db.sqlite'),
      url,
    ]);
    if (r.rows !== rows) throw new Error(`imported ${r.rows} of ${rows} rows`);
    return {
      epss_import_rows: r.rows,
      epss_import_gzip_bytes: body.length,
      epss_import_s: Math.round(r.seconds * 10) / 10,
      epss_import_peak_rss_mb: r.maxRssMb,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await epssBench(Number(process.env.BENCH_EPSS_ROWS ?? 300_000));
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
}
