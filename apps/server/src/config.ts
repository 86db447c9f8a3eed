import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { missingOcrLanguages, ocrLanguageDir, parseOcrLanguages } from './adapters/ocr/languages.js';
import { allowList } from './adapters/webhooks/address-guard.js';

/**
 * Every environment variable the service reads, with its default. `.env.example` documents the same
 * list; `config.test.ts` fails when the two drift apart.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  PORT: Type.Integer({ default: 8000, minimum: 0, maximum: 65535 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  LOG_FORMAT: Type.Optional(Type.Union([Type.Literal('pretty'), Type.Literal('json')])),
  DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  EMBEDDED_POSTGRES_DIR: Type.String({ default: '/var/lib/ledgerflow', minLength: 1 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  JWT_SECRET: Type.Optional(Type.String()),
  ACCESS_TOKEN_TTL: Type.Integer({ default: 900, minimum: 30, maximum: 86_400 }),
  REFRESH_TOKEN_TTL: Type.Integer({ default: 30 * 86_400, minimum: 300, maximum: 365 * 86_400 }),
  INVITATION_TTL: Type.Integer({ default: 7 * 86_400, minimum: 300, maximum: 90 * 86_400 }),
  STREAM_ACCESS_RECHECK_SECONDS: Type.Number({ default: 5, minimum: 0.05, maximum: 300 }),
  ACCESS_CACHE_SECONDS: Type.Number({ default: 5, minimum: 0, maximum: 60 }),
  CORS_ORIGINS: Type.String({ default: '' }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  BODY_LIMIT: Type.Integer({ default: 1_048_576, minimum: 1024 }),
  UPLOAD_MAX_BYTES: Type.Integer({ default: 50 * 1_048_576, minimum: 1024 }),
  PDF_MAX_PAGES: Type.Integer({ default: 500, minimum: 1, maximum: 100_000 }),
  OCR_ENABLED: Type.Boolean({ default: true }),
  OCR_LANGUAGES: Type.String({ default: 'eng', minLength: 1 }),
  RATE_LIMIT_MAX: Type.Integer({ default: 300, minimum: 1 }),
  RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ default: 60, minimum: 1 }),
  LOGIN_RATE_LIMIT_MAX: Type.Integer({ default: 10, minimum: 1 }),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ default: 900, minimum: 1 }),
  STORAGE_URL: Type.Optional(Type.String({ pattern: '^(file|s3)://' })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  SHUTDOWN_GRACE_SECONDS: Type.Integer({ default: 30, minimum: 0, maximum: 3600 }),
  QUEUE_BACKEND: Type.Union([Type.Literal('postgres'), Type.Literal('redis')], { default: 'postgres' }),
  QUEUE_PREFIX: Type.String({ default: 'ledgerflow', pattern: '^[a-zA-Z0-9_:-]{1,64}$' }),
  WORKERS: Type.Optional(Type.Integer({ minimum: 0, maximum: 256 })),
  WORKER_CONCURRENCY: Type.Integer({ default: 4, minimum: 1, maximum: 256 }),
  TASK_LOCK_SECONDS: Type.Number({ default: 30, minimum: 0.5, maximum: 3600 }),
  TASK_MAX_RETRIES: Type.Integer({ default: 3, minimum: 0, maximum: 20 }),
  TASK_RETRY_DELAY: Type.Number({ default: 60, minimum: 0.01, maximum: 86_400 }),
  TASK_SOFT_TIME_LIMIT: Type.Number({ default: 1500, minimum: 0.1 }),
  TASK_TIME_LIMIT: Type.Number({ default: 1800, minimum: 0.1 }),
  RESULT_TTL: Type.Integer({ default: 3600, minimum: 1 }),
  PROGRESS_THROTTLE_MS: Type.Integer({ default: 250, minimum: 0, maximum: 60_000 }),
  MAX_TASKS_PER_CHILD: Type.Integer({ default: 1000, minimum: 1 }),
  CHILD_MEMORY_MB: Type.Integer({ default: 1024, minimum: 64 }),
  CLEANUP_CRON: Type.String({ default: '0 2 * * *', minLength: 9 }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  OPERATOR_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
  WEBHOOK_ALLOWED_NETWORKS: Type.String({ default: '' }),
});
export type Env = Static<typeof EnvSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  readonly logLevel: Env['LOG_LEVEL'];
  /** `json` in production, `pretty` (pino-pretty) otherwise, unless LOG_FORMAT says. */
  readonly logFormat: 'pretty' | 'json';
  readonly dataDir: string;
  /** As root: where the embedded PostgreSQL's programs and cluster go when `postgres` cannot enter DATA_DIR. */
  readonly embeddedPostgresDir: string;
  /** Undefined means: start the embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** Undefined only before `resolveSecrets` has filled it from the data directory (embedded default). */
  readonly jwtSecret: string | undefined;
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number;
  readonly invitationTtl: number;
  /** How often an open SSE or WebSocket stream re-checks its token and membership (ms). */
  readonly streamAccessRecheckMs: number;
  readonly accessCacheMs: number;
  readonly corsOrigins: readonly string[];
  readonly trustProxy: boolean;
  readonly bodyLimit: number;
  readonly uploadMaxBytes: number;
  /** PDFs with more pages are refused (PDF_TOO_MANY_PAGES) before any page is read. */
  readonly pdfMaxPages: number;
  /**
   * Pages without a text layer (scans, photos) are read by OCR in these languages (Tesseract codes, each
   * with its `@tesseract.js-data/<code>` package installed); disabled, such PDFs fail PDF_NO_TEXT_LAYER.
   */
  readonly ocr: { readonly enabled: boolean; readonly languages: readonly string[] };
  readonly rateLimit: { readonly max: number; readonly windowMs: number };
  readonly loginRateLimit: { readonly max: number; readonly windowMs: number };
  readonly storageUrl: string;
  readonly redisUrl: string | undefined;
  readonly shutdownGraceMs: number;
  readonly queueBackend: 'postgres' | 'redis';
  readonly queuePrefix: string;
  /** Worker processes `ledgerflow start` runs beside the API (default: one per core); 0: in the API process. */
  readonly workers: number;
  readonly workerConcurrency: number;
  readonly tasks: {
    readonly maxRetries: number;
    readonly retryDelayMs: number;
    readonly softTimeLimitMs: number;
    readonly hardTimeLimitMs: number;
    readonly resultTtlSeconds: number;
    readonly progressThrottleMs: number;
    readonly maxTasksPerChild: number;
    readonly childMemoryMb: number;
    readonly cleanupCron: string;
    readonly lockDurationMs: number;
  };
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
  /** When set, the queue dashboard at /admin/queues accepts HTTP Basic `operator:<password>`. */
  readonly operatorPassword: string | undefined;
  /**
   * Addresses and networks (`a.b.c.d`, `a.b.c.d/n`, IPv6 alike) webhooks may reach although they are
   * private, loopback or link-local. Empty: only public addresses.
   */
  readonly webhookAllowedNetworks: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Secrets that appear in docs and examples; a production deployment must not use them. */
const KNOWN_WEAK_SECRETS = new Set([
  'secret',
  'changeme',
  'change-me',
  'jwt-secret',
  'replace-me-with-a-long-random-string',
]);
export const MIN_SECRET_LENGTH = 32;

export function weakSecretReason(secret: string): string | undefined {
  if (KNOWN_WEAK_SECRETS.has(secret.toLowerCase())) return 'is a published example value';
  if (secret.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  if (new Set(secret).size < 10) return 'has too few distinct characters';
  return undefined;
}

/**
 * Reads the environment once into a frozen, typed Config. Every problem is collected so an operator
 * fixes them all in one go instead of one restart per typo.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(EnvSchema, raw);
  const converted = Value.Convert(EnvSchema, withDefaults) as Record<string, unknown>;
  // Checked one variable at a time: a whole-object check stops at the first failing property.
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(EnvSchema.properties)) {
    if (converted[name] === undefined) continue;
    for (const e of Value.Errors(schema, converted[name])) {
      problems.push(`${name}: ${describeProblem(schema, e.message)} (got ${JSON.stringify(raw[name])})`);
      break;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const env = converted as Env;

  if (env.JWT_SECRET !== undefined) {
    const weak = weakSecretReason(env.JWT_SECRET);
    if (weak && env.NODE_ENV === 'production') problems.push(`JWT_SECRET ${weak}; use 32+ random characters`);
  } else if (env.NODE_ENV === 'production') {
    problems.push(
      'JWT_SECRET is required in production (32+ random characters, e.g. `openssl rand -base64 48`)',
    );
  }
  if (env.QUEUE_BACKEND === 'redis' && !env.REDIS_URL)
    problems.push('REDIS_URL is required when QUEUE_BACKEND=redis');
  if (env.TASK_SOFT_TIME_LIMIT >= env.TASK_TIME_LIMIT) {
    problems.push(
      'TASK_SOFT_TIME_LIMIT must be below TASK_TIME_LIMIT, so handlers get a chance to stop cleanly',
    );
  }
  const ocrLanguages = parseOcrLanguages(env.OCR_LANGUAGES);
  if (env.OCR_ENABLED) problems.push(...ocrLanguageProblems(ocrLanguages));
  const webhookAllowedNetworks = env.WEBHOOK_ALLOWED_NETWORKS.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  try {
    allowList(webhookAllowedNetworks);
  } catch (error) {
    problems.push(`WEBHOOK_ALLOWED_NETWORKS: ${(error as Error).message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(env.DATA_DIR);
  return Object.freeze({
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
    dataDir,
    embeddedPostgresDir: path.resolve(env.EMBEDDED_POSTGRES_DIR),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    jwtSecret: env.JWT_SECRET,
    accessTokenTtl: env.ACCESS_TOKEN_TTL,
    refreshTokenTtl: env.REFRESH_TOKEN_TTL,
    invitationTtl: env.INVITATION_TTL,
    streamAccessRecheckMs: Math.round(env.STREAM_ACCESS_RECHECK_SECONDS * 1000),
    accessCacheMs: Math.round(env.ACCESS_CACHE_SECONDS * 1000),
    corsOrigins: Object.freeze(
      env.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
    trustProxy: env.TRUST_PROXY,
    bodyLimit: env.BODY_LIMIT,
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    pdfMaxPages: env.PDF_MAX_PAGES,
    ocr: Object.freeze({ enabled: env.OCR_ENABLED, languages: Object.freeze(ocrLanguages) }),
    rateLimit: Object.freeze({ max: env.RATE_LIMIT_MAX, windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000 }),
    loginRateLimit: Object.freeze({
      max: env.LOGIN_RATE_LIMIT_MAX,
      windowMs: env.LOGIN_RATE_LIMIT_WINDOW_SECONDS * 1000,
    }),
    storageUrl: env.STORAGE_URL ?? `file://${path.join(dataDir, 'files')}`,
    redisUrl: env.REDIS_URL,
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    queueBackend: env.QUEUE_BACKEND,
    queuePrefix: env.QUEUE_PREFIX,
    workers: env.WORKERS ?? availableParallelism(),
    workerConcurrency: env.WORKER_CONCURRENCY,
    tasks: Object.freeze({
      maxRetries: env.TASK_MAX_RETRIES,
      retryDelayMs: Math.round(env.TASK_RETRY_DELAY * 1000),
      softTimeLimitMs: Math.round(env.TASK_SOFT_TIME_LIMIT * 1000),
      hardTimeLimitMs: Math.round(env.TASK_TIME_LIMIT * 1000),
      resultTtlSeconds: env.RESULT_TTL,
      progressThrottleMs: env.PROGRESS_THROTTLE_MS,
      maxTasksPerChild: env.MAX_TASKS_PER_CHILD,
      childMemoryMb: env.CHILD_MEMORY_MB,
      cleanupCron: env.CLEANUP_CRON,
      lockDurationMs: Math.round(env.TASK_LOCK_SECONDS * 1000),
    }),
    metricsToken: env.METRICS_TOKEN,
    operatorPassword: env.OPERATOR_PASSWORD,
    webhookAllowedNetworks: Object.freeze(webhookAllowedNetworks),
  });
}

/** OCR_LANGUAGES names only languages whose data package is installed (nothing is downloaded). */
function ocrLanguageProblems(languages: readonly string[]): string[] {
  if (languages.length === 0) return ['OCR_LANGUAGES: name at least one language, such as eng'];
  const missing = missingOcrLanguages(languages);
  if (missing.length === 0) return [];
  const installed = OCR_KNOWN_LANGUAGES.filter((code) => ocrLanguageDir(code) !== undefined);
  return [
    `OCR_LANGUAGES: no OCR data is installed for ${missing.map((code) => JSON.stringify(code)).join(', ')} ` +
      `(add the npm package ${missing.map((code) => `@tesseract.js-data/${code}`).join(', ')}, or set OCR_ENABLED=false); ` +
      `installed: ${installed.join(', ') || 'none'}`,
  ];
}

/** Languages whose installed data the message lists (the common ones; any installed code is accepted). */
const OCR_KNOWN_LANGUAGES = ['eng', 'deu', 'fra', 'spa', 'ita', 'por', 'nld', 'afr', 'pol', 'swe'];

/** Validator messages such as "must be equal to constant" rewritten to name what is allowed. */
function describeProblem(schema: unknown, message: string): string {
  const { anyOf, type } = schema as { anyOf?: { const?: unknown }[]; type?: string };
  const allowed = anyOf?.map((s) => s.const);
  if (allowed && allowed.every((v) => typeof v === 'string')) return `must be one of ${allowed.join(', ')}`;
  if (type === 'boolean') return 'must be true or false';
  if (type === 'integer' && message.includes('integer')) return 'must be a whole number';
  return message;
}

/** A copy of `config` with some fields replaced; used where a value is only known after boot. */
export function withOverrides(config: Config, overrides: Partial<Config>): Config {
  return Object.freeze({ ...config, ...overrides });
}
