// Prometheus metrics through prom-client, all in this one module. main.ts creates one Metrics per
// process and hands its small observer functions to the parts that report (ingest job, digest
// planner, sender). Nothing in the pipeline, store or sender imports prom-client, and each
// Metrics has its own registry, so tests build as many as they like without clashes.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CycleReport, FeedStatus } from './feeds/ingest.js';
import type { OutboxKind } from './store/outbox.js';
import type { SendObserver, SendOutcome } from './telegram/sender.js';

export interface MetricsOptions {
  /** Outbox rows waiting to be sent; read at scrape time. */
  outboxPending?: () => number;
  /** When the last successful fetch cycle finished (ms): read from the database at scrape time (survives restarts). */
  lastSuccessAt?: () => number | undefined;
  /** PAID_BROADCAST_PER_SECOND, shown as a gauge (0 = off). */
  paidBroadcastPerSecond?: number;
  /** process_* and nodejs_* metrics (CPU, memory, event loop lag, GC). Default true. */
  defaultMetrics?: boolean;
}

const FEED_STATUSES: FeedStatus[] = ['new', 'unchanged', 'not_modified', 'error'];
const OUTBOX_KINDS: OutboxKind[] = ['reply', 'alert', 'digest', 'notice'];

export const METRIC_NAMES = {
  fetches: 'secbrief_feed_fetches_total',
  fetchDuration: 'secbrief_feed_fetch_duration_seconds',
  notModifiedRatio: 'secbrief_feed_not_modified_ratio',
  cycles: 'secbrief_ingest_cycles_total',
  lastSuccess: 'secbrief_ingest_last_success_timestamp_seconds',
  articles: 'secbrief_articles_ingested_total',
  outboxPending: 'secbrief_outbox_pending',
  sent: 'secbrief_messages_sent_total',
  retried: 'secbrief_messages_retried_total',
  rateLimited: 'secbrief_messages_rate_limited_total',
  dead: 'secbrief_messages_dead_total',
  deactivated: 'secbrief_chats_deactivated_total',
  digestsPlanned: 'secbrief_digests_planned_total',
  digestLag: 'secbrief_digest_lag_seconds',
  searchDuration: 'secbrief_search_duration_seconds',
  paidRate: 'secbrief_paid_broadcast_per_second',
  paidSent: 'secbrief_paid_broadcast_messages_total',
} as const;

/** One counter per send outcome, each labelled by the message kind. */
const MESSAGE_HELP: Record<SendOutcome, string> = {
  sent: 'Messages Telegram accepted, by kind (reply, alert, digest, notice)',
  retried: 'Sends that failed transiently (5xx, network) and were rescheduled',
  rateLimited: 'Sends answered 429 (flood limit) and postponed by retry_after',
  dead: 'Messages dead-lettered (rejected by Telegram, or too many transient failures)',
  deactivated: 'Chats deactivated because Telegram said they are gone (kind: of the message that found out)',
};

export class Metrics {
  readonly registry = new Registry();
  private readonly fetches: Counter<'outcome'>;
  private readonly fetchDuration: Histogram<'outcome'>;
  private readonly notModifiedRatio: Gauge;
  private readonly cycles: Counter;
  private readonly articles: Counter;
  private readonly messages: Record<SendOutcome, Counter<'kind'>>;
  private readonly digestsPlanned: Counter<'status'>;
  private readonly digestLag: Histogram;
  private readonly searchDuration: Histogram;
  private readonly paidSent: Counter<'kind'>;

  constructor(opts: MetricsOptions = {}) {
    const n = METRIC_NAMES;
    this.fetches = this.counter(n.fetches, 'Feed fetches by outcome (new, unchanged, not_modified = HTTP 304, error)', [
      'outcome',
    ]);
    this.fetchDuration = this.histogram(n.fetchDuration, 'Time to fetch, decode, parse and store one feed', {
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60],
    });
    this.notModifiedRatio = new Gauge({
      name: n.notModifiedRatio,
      help: "Share of the last cycle's answered fetches that were HTTP 304 (errors excluded)",
      registers: [this.registry],
    });
    this.cycles = this.counter(n.cycles, 'Ingest cycles finished');
    this.articles = this.counter(n.articles, 'New articles stored');
    const outcomes = Object.entries(MESSAGE_HELP) as Array<[SendOutcome, string]>;
    this.messages = Object.fromEntries(
      outcomes.map(([outcome, help]) => [outcome, this.counter(n[outcome], help, ['kind'])]),
    ) as Record<SendOutcome, Counter<'kind'>>;
    this.digestsPlanned = this.counter(
      n.digestsPlanned,
      'Digests claimed by the planner (status planned, or empty_skipped)',
      ['status'],
    );
    this.digestLag = this.histogram(
      n.digestLag,
      "Seconds between a chat's digest time and the planning of its digest",
      {
        buckets: [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 10_800, 43_200],
      },
    );
    this.searchDuration = this.histogram(n.searchDuration, 'Archive search latency', {
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.paidSent = this.counter(n.paidSent, 'Messages sent as paid broadcasts (allow_paid_broadcast), by kind', [
      'kind',
    ]);
    this.scrapeGauge(
      n.paidRate,
      'Paid-broadcast rate for digests and alerts (0 = off)',
      () => opts.paidBroadcastPerSecond ?? 0,
    );
    this.scrapeGauge(n.outboxPending, 'Outbox rows waiting to be sent', opts.outboxPending);
    this.scrapeGauge(
      n.lastSuccess,
      'When the last cycle with at least one successful fetch finished (Unix seconds)',
      () => {
        const at = opts.lastSuccessAt?.();
        return at === undefined ? undefined : at / 1000;
      },
    );
    this.initLabels();
    if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  private counter<L extends string = never>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string = never>(
    name: string,
    help: string,
    opts: { labelNames?: L[]; buckets: number[] },
  ): Histogram<L> {
    return new Histogram<L>({
      name,
      help,
      labelNames: opts.labelNames ?? [],
      buckets: opts.buckets,
      registers: [this.registry],
    });
  }

  /** Every known label value shows 0 from the start, so rate() and absent() work before the first event. */
  private initLabels(): void {
    for (const s of FEED_STATUSES) this.fetches.labels(s).inc(0);
    for (const c of [...Object.values(this.messages), this.paidSent]) for (const k of OUTBOX_KINDS) c.labels(k).inc(0);
    for (const s of ['planned', 'empty_skipped']) this.digestsPlanned.labels(s).inc(0);
  }

  /** A gauge read from the database at scrape time. */
  private scrapeGauge(name: string, help: string, read: (() => number | undefined) | undefined): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        // During shutdown the database may already be closed: keep the last value rather than fail the scrape.
        try {
          const v = read?.();
          if (v !== undefined) this.set(v);
        } catch {
          /* last value stays */
        }
      },
    });
  }

  /** After each ingest cycle: one observation per feed fetched. */
  observeCycle(report: CycleReport): void {
    let answered = 0;
    let notModified = 0;
    for (const o of report.outcomes) {
      this.fetches.labels(o.status).inc();
      this.fetchDuration.labels(o.status).observe(o.ms / 1000);
      if (o.status !== 'error') answered++;
      if (o.status === 'not_modified') notModified++;
    }
    this.cycles.inc();
    this.articles.inc(report.inserted);
    // A cycle where nothing answered says nothing about conditional GETs: keep the last ratio.
    if (answered > 0) this.notModifiedRatio.set(notModified / answered);
  }

  /** For Sender.observe(). */
  readonly onSend: SendObserver = (outcome, kind, paid) => {
    this.messages[outcome].labels(kind).inc();
    if (paid && outcome === 'sent') this.paidSent.labels(kind).inc();
  };

  /** For PlanDeps.onClaimed. */
  readonly onDigestClaimed = (d: { status: 'planned' | 'empty_skipped'; lagMs: number }): void => {
    this.digestsPlanned.labels(d.status).inc();
    this.digestLag.observe(Math.max(0, d.lagMs) / 1000);
  };

  observeSearch(seconds: number): void {
    this.searchDuration.observe(seconds);
  }

  /** Runs a (synchronous) search and records how long it took, also when it throws. */
  timeSearch<T>(search: () => T): T {
    const started = performance.now();
    try {
      return search();
    } finally {
      this.observeSearch((performance.now() - started) / 1000);
    }
  }

  /** The Prometheus text exposition of everything above. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
