// What every CLI command shares: its two error kinds (exit 2 and exit 1) and plain line output.
export class UsageError extends Error {}
/** The operation asked for failed (unreadable file, not OPML, backup target exists): exit 1. */
export class CommandError extends Error {}

export const out = (line: string) => process.stdout.write(`${line}\n`);
export const iso = (ms: number) => new Date(ms).toISOString();
