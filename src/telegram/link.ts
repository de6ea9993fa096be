// Whether the Bot API can be reached. telegraf's long polling retries network errors every 5 s and
// only says so at debug level (telegraf lib/core/network/polling.js), so a dead proxy or a blocked
// network would look like a quiet bot. Every call's outcome passes through here instead: the first
// failure is logged with its cause, /healthz reports it while it lasts, and the recovery is logged.
import type { Telegraf } from 'telegraf';
import type { Logger } from 'pino';
import { redactToken } from '../log.js';
import { describeProxyFailure, type OutboundProxy } from '../net/proxy.js';

export interface LinkStatus {
  /** What is wrong, in one line without secrets; null while calls get answers. */
  problem: string | null;
  since: number | null;
}

/** A call that got no answer from Telegram (the API's own errors carry `response.error_code`). */
export function isUnanswered(err: unknown): boolean {
  const e = err as { name?: string; response?: { error_code?: unknown } };
  if (e?.name === 'AbortError') return false;
  return typeof e?.response?.error_code !== 'number';
}

export class ApiLink {
  private status: LinkStatus = { problem: null, since: null };
  private stopped = false;

  constructor(
    private readonly log: Logger,
    private readonly clock: () => number,
    private readonly proxy?: OutboundProxy,
  ) {}

  current(): LinkStatus {
    return this.status;
  }

  /** From shutdown on, failures are no longer recorded or logged. */
  quiet(): void {
    this.stopped = true;
  }

  answered(): void {
    if (!this.status.problem) return;
    const downS = Math.round((this.clock() - (this.status.since ?? this.clock())) / 1000);
    this.log.info({ downS }, 'Telegram Bot API reachable again');
    this.status = { problem: null, since: null };
  }

  /** Returns the problem it recorded, or null when Telegram did answer (a 400 is not an outage). */
  failed(err: unknown): string | null {
    if (this.stopped) return null;
    // A CONNECT the proxy refused comes back "from Telegram": as a body that is not JSON (407, 403)
    // or as a 5xx (502); the agent saw the refusal first. A 4xx with JSON is Telegram's own answer.
    const refusal = this.proxy?.lastRefusal() ?? null;
    const code = (err as { response?: { error_code?: number } })?.response?.error_code ?? 0;
    if (!isUnanswered(err) && !(refusal && code >= 500)) {
      this.answered();
      return null;
    }
    const problem = refusal ?? this.describe(err);
    if (problem !== this.status.problem) this.log.error({ problem }, 'Telegram Bot API unreachable');
    this.status = { problem, since: this.status.since ?? this.clock() };
    return problem;
  }

  private describe(err: unknown): string {
    const atProxy = this.proxy ? describeProxyFailure(err, this.proxy) : null;
    if (atProxy) return atProxy;
    const e = err as NodeJS.ErrnoException & { response?: { error_code?: number; description?: string } };
    const code = e?.code ?? (e?.response?.error_code ? `HTTP ${e.response.error_code}` : 'network error');
    const route = this.proxy ? ` through proxy ${this.proxy.label}` : '';
    return redactToken(`no answer from the Bot API${route} (${code}: ${e?.message ?? String(err)})`).slice(0, 300);
  }
}

/**
 * Routes every Bot API call's outcome through `link`. telegraf has no hook for that, so the
 * instance's callApi is wrapped; polling, sends and uploads all go through it.
 */
export function observeApi(bot: Telegraf, link: ApiLink): void {
  const call = bot.telegram.callApi.bind(bot.telegram);
  const observed = async (...args: Parameters<typeof call>) => {
    try {
      const result = await call(...args);
      link.answered();
      return result;
    } catch (err) {
      link.failed(err);
      throw err;
    }
  };
  bot.telegram.callApi = observed as typeof bot.telegram.callApi;
}
