// The one logger factory. Secrets are redacted by path here, and by value in redact.ts for
// strings (telegraf error messages embed the API URL with the token).
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'config.TELEGRAM_BOT_TOKEN', '*.TELEGRAM_BOT_TOKEN', 'apiKey', '*.apiKey'], censor: '[redacted]' },
    },
    destination as pino.DestinationStream,
  );
}
