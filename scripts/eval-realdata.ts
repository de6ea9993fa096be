/*
 * Story clustering on the hand-labelled real weeks of ../shared/realdata, in three modes:
 *   pure   — clusterArticles on the week's docs at once (no I/O; the tuning loop),
 *   batch  — the whole week through the real path at once (scripts/realdata/pipeline.ts),
 *   replay — the real path in 3-hour steps, stories growing incrementally as in production.
 * Per week and mode: the README's measures; per language, mode and group (tuning / held-out weeks, see
 * HELD_OUT): pairwise P/R/F1 from the pooled pair counts; per week: replay minus batch F1.
 *
 * `realdataSection` plugs into scripts/eval.ts. Alone: `npx tsx scripts/eval-realdata.ts [--pure] [week…]`
 * (--pure: the pure mode only; weeks: only those, e.g. en-2025-11-24).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { clusterArticles, DEFAULT_WINDOW_MS } from '../src/news/cluster.js';
import type { EvalLine, EvalSection, Metric } from './eval.js';
import {
  HELD_OUT,
  loadRealWeek,
  pooledScores,
  REALDATA_DIR,
  realWeekNames,
  scoreWeek,
  weekDocs,
  type RealWeek,
  type Scores,
} from './realdata/load.js';
import { runRealPath, type PathReport, type RealMode } from './realdata/pipeline.js';

type Mode = 'pure' | RealMode;
const ALL_MODES: Mode[] = ['pure', 'batch', 'replay'];

interface Run {
  week: RealWeek;
  mode: Mode;
  scores: Scores;
  ms: number;
  path?: PathReport;
}

function pureStories(week: RealWeek): Map<string, number> {
  const { docs, itemOf } = weekDocs(week);
  const pred = new Map<string, number>();
  clusterArticles(docs, { windowMs: DEFAULT_WINDOW_MS }).forEach((group, g) =>
    group.forEach((id) => pred.set(itemOf.get(id)!, g)),
  );
  return pred;
}

async function runMode(week: RealWeek, mode: Mode): Promise<Run> {
  const started = performance.now();
  const path = mode === 'pure' ? undefined : await runRealPath(week, mode);
  const pred = path ? path.pred : pureStories(week);
  return { week, mode, scores: scoreWeek(week, pred), ms: performance.now() - started, path };
}

const SCORE_KEYS = ['P', 'R', 'F1', 'P_lenient', 'R_72h', 'bcubed_P', 'bcubed_R'] as const;

function weekLines(run: Run): EvalLine[] {
  const prefix = `realdata_${run.week.name}_${run.mode}`;
  const lines: EvalLine[] = [{ name: `${prefix}_items`, value: run.scores.items, decimals: 0 }];
  if (run.path) lines.push({ name: `${prefix}_unmapped`, value: run.path.unmapped.length, decimals: 0 });
  lines.push(...SCORE_KEYS.map((k): Metric => ({ name: `${prefix}_${k}`, value: run.scores[k] })));
  return lines;
}

/** One comment line per run: its time, and whatever the real path did to items besides clustering them. */
function runNote(run: Run): EvalLine {
  const p = run.path;
  let note = `realdata ${run.week.name} ${run.mode}: ${(run.ms / 1000).toFixed(1)} s`;
  if (p) {
    note += `, ${p.steps} step(s), ${p.articles} articles for ${run.week.items.length} items`;
    const odd = {
      unmapped: p.unmapped,
      merged: p.merged,
      date_shifted: p.dateShifted,
      language_changed: p.languageChanged,
    };
    for (const [k, ids] of Object.entries(odd))
      if (ids.length) note += `, ${k} ${ids.length} (${ids.slice(0, 5).join(' ')}${ids.length > 5 ? ' …' : ''})`;
    if (p.storyless) note += `, storyless ${p.storyless}`;
    if (p.failedFetches) note += `, failed fetches ${p.failedFetches}`;
  }
  return { note };
}

const languageOf = (week: RealWeek) => week.name.split('-')[0]!;

function pooledLines(runs: Run[], mode: Mode): Metric[] {
  const lines: Metric[] = [];
  for (const lang of [...new Set(runs.map((r) => languageOf(r.week)))].sort()) {
    for (const [group, heldOut] of [
      ['tuning', false],
      ['heldout', true],
    ] as const) {
      const these = runs.filter(
        (r) => r.mode === mode && languageOf(r.week) === lang && HELD_OUT.has(r.week.name) === heldOut,
      );
      if (!these.length) continue;
      const s = pooledScores(these.map((r) => r.scores));
      for (const k of ['P', 'R', 'F1'] as const)
        lines.push({ name: `realdata_${lang}_${group}_${mode}_${k}`, value: s[k] });
    }
  }
  return lines;
}

function deltaLines(runs: Run[]): Metric[] {
  const f1 = (week: RealWeek, mode: Mode) => runs.find((r) => r.week === week && r.mode === mode)?.scores.F1;
  return [...new Set(runs.map((r) => r.week))].flatMap((week) => {
    const replay = f1(week, 'replay'),
      batch = f1(week, 'batch');
    return replay === undefined || batch === undefined
      ? []
      : [{ name: `realdata_${week.name}_replay_minus_batch_F1`, value: replay - batch }];
  });
}

/** Every line for the given modes and weeks, mode by mode (one week at a time: the runs share 2 cores). */
export async function realdataLines(modes: Mode[] = ALL_MODES, only: string[] = []): Promise<EvalLine[]> {
  const names = realWeekNames().filter((n) => !only.length || only.includes(n));
  if (!names.length)
    return [
      { note: `realdata: no weeks in ${REALDATA_DIR}${only.length ? ` named ${only.join(', ')}` : ''}; skipped` },
    ];
  const weeks = names.map((n) => loadRealWeek(n));
  const lines: EvalLine[] = [],
    runs: Run[] = [];
  for (const mode of modes) {
    lines.push({ note: `realdata ${mode}` });
    for (const week of weeks) {
      const run = await runMode(week, mode);
      runs.push(run);
      lines.push(runNote(run), ...weekLines(run));
    }
    lines.push(...pooledLines(runs, mode));
  }
  return [...lines, ...deltaLines(runs)];
}

export const realdataSection: EvalSection = { name: 'realdata', run: () => realdataLines() };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const lines = await realdataLines(
    args.includes('--pure') ? ['pure'] : ALL_MODES,
    args.filter((a) => !a.startsWith('--')),
  );
  for (const l of lines) console.log('note' in l ? `# ${l.note}` : `${l.name}: ${l.value.toFixed(l.decimals ?? 3)}`);
}
