import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Paths that may hold secrets, removed from every log line. Requests are logged by method and path
 * (never headers or bodies), so these are the backstop for objects logged by hand.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.password_hash',
  '*.passwordHash',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.jwtSecret',
  '*.databaseUrl',
  'config.jwtSecret',
  'config.databaseUrl',
];

export type LogFormat = 'pretty' | 'json';

/**
 * JSON lines (one object per line, for log shippers) or, in development, pino-pretty's readable lines
 * (colours when the output is a terminal). Pretty printing runs in-process and synchronously, so a line
 * logged just before an exit is never lost.
 */
export function createLogger(level: string, name = 'ledgerflow', format: LogFormat = 'json'): Logger {
  const options = {
    name,
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        // Query strings can carry tokens (e.g. an SSE client's access_token); log the path only.
        path: req.url?.split('?')[0],
      }),
    },
  };
  if (format === 'json') return pino(options);
  const stream = pretty({
    colorize: process.stdout.isTTY === true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    singleLine: true,
  });
  return pino(options, stream);
}
