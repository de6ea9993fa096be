// An in-process Bot API for the Sender on virtual time: each call is answered `latencyMs` of virtual
// time later, and Telegram's flood limits are enforced at arrival (30/s overall, 1000/s for paid
// broadcasts, one message a second per chat), answering 429 past them. Errors are shaped like
// telegraf's TelegramError, so the sender reads them as it reads real ones.
import type { BotTransport } from '../../src/telegram/sender.js';
import { FloodLimits } from './flood-limits.js';
import type { VirtualTime } from './virtual-time.js';

export interface VirtualCall {
  chatId: number;
  text: string;
  paid: boolean;
  startedAt: number;
  answeredAt: number;
  error?: string;
}

export interface VirtualFault {
  code: number;
  description: string;
  retryAfter?: number;
}

export interface VirtualTelegramOptions {
  latencyMs: number;
  perSecond?: number;
  paidPerSecond?: number;
  chatIntervalMs?: number;
}

export class VirtualTelegram implements BotTransport {
  readonly calls: VirtualCall[] = [];
  /** Sends refused for breaking a flood limit. */
  violations = 0;
  private readonly faults: Array<{ chatId?: number; fault: VirtualFault; until?: number }> = [];
  private readonly limits: FloodLimits;
  private inFlight = 0;
  peakInFlight = 0;

  constructor(
    private readonly time: VirtualTime,
    private readonly opts: VirtualTelegramOptions,
  ) {
    this.limits = new FloodLimits({ chatIntervalMs: 1000, ...opts });
  }

  /** The next call to `chatId` (any chat if absent) fails with `fault`, once. */
  inject(fault: VirtualFault, chatId?: number): void {
    this.faults.push({ chatId, fault });
  }

  /** Every call fails with `fault` until virtual time `until`. */
  storm(fault: VirtualFault, until: number): void {
    this.faults.push({ fault, until });
  }

  sent(): VirtualCall[] {
    return this.calls.filter((c) => !c.error);
  }

  call(_method: string, payload: Record<string, unknown>): Promise<unknown> {
    const now = this.time.clock();
    const chatId = Number(payload.chat_id);
    const paid = payload.allow_paid_broadcast === true;
    const call: VirtualCall = { chatId, text: String(payload.text), paid, startedAt: now, answeredAt: now };
    this.calls.push(call);
    const fault = this.faultFor(chatId, now) ?? this.floodLimit(chatId, paid, now);
    if (fault) call.error = `${fault.code}: ${fault.description}`;
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      this.time.setTimeout(() => {
        this.inFlight--;
        call.answeredAt = this.time.clock();
        if (!fault) return resolve({ message_id: this.calls.length });
        const parameters = fault.retryAfter === undefined ? undefined : { retry_after: fault.retryAfter };
        reject(
          Object.assign(new Error(fault.description), {
            response: { error_code: fault.code, description: fault.description, parameters },
          }),
        );
      }, this.opts.latencyMs);
    });
  }

  private faultFor(chatId: number, now: number): VirtualFault | undefined {
    const i = this.faults.findIndex((f) =>
      f.until === undefined ? f.chatId === undefined || f.chatId === chatId : now < f.until,
    );
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    if (f.until === undefined) this.faults.splice(i, 1);
    return f.fault;
  }

  private floodLimit(chatId: number, paid: boolean, now: number): VirtualFault | undefined {
    if (this.limits.admit(chatId, paid, now)) return undefined;
    this.violations++;
    return { code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 };
  }
}
