import { pino, type Logger } from 'pino';

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

export function createLogger(level: string, name = 'ledgerflow'): Logger {
  return pino({
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
  });
}
