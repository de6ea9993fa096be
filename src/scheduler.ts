// Runs a job on a cron schedule, never two at once: a tick that finds the previous run still
// going is skipped (and logged), not queued. Stopping waits for the run in flight.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './log.js';

export class SerialJob {
  private running: Promise<void> | null = null;
  private skipped = 0;

  constructor(
    readonly name: string,
    private readonly fn: () => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** Starts a run unless one is in flight. Resolves when this run (or the one in flight) ends. */
  trigger(): Promise<void> {
    if (this.running) {
      this.skipped++;
      this.log.warn({ job: this.name, skipped: this.skipped }, 'previous run still in progress; tick skipped');
      return this.running;
    }
    this.running = this.fn()
      .then(() => undefined)
      .catch((err: unknown) => this.log.error({ err, job: this.name }, 'scheduled job failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  get skippedTicks(): number {
    return this.skipped;
  }

  /** Waits for the run in flight, if any. */
  async idle(): Promise<void> {
    await this.running;
  }
}

export interface Schedule {
  stop(): Promise<void>;
}

export function scheduleJob(expression: string, job: SerialJob): Schedule {
  const task: ScheduledTask = cron.schedule(expression, () => void job.trigger(), { name: job.name });
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await job.idle();
    },
  };
}
