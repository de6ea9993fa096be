// The timer functions the sender and its batches wait with: the global ones by default, virtual
// ones in tests (test/helpers/virtual-time.ts), so a retry_after of 2,000 s takes no real time.
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
