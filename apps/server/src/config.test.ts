import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, EnvSchema, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives sensible defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 8000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      accessTokenTtl: 900,
    });
    expect(config.storageUrl).toMatch(/^file:\/\/\/.*\/data\/files$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('converts and validates values', () => {
    const config = loadConfig({
      PORT: '9001',
      TRUST_PROXY: 'true',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.port).toBe(9001);
    expect(config.trustProxy).toBe(true);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', ACCESS_TOKEN_TTL: '5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'ACCESS_TOKEN_TTL'])
      expect(problems).toContain(name);
    // Names what is allowed, not the validator's "must be equal to constant".
    expect(problems).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent');
    expect(problems).toContain('PORT: must be a whole number (got "eighty")');
    expect(problems).not.toContain('constant');
  });

  it('reads OCR settings and accepts only languages whose data package is installed', () => {
    expect(loadConfig({}).ocr).toEqual({ enabled: true, languages: ['eng'] });
    expect(loadConfig({ OCR_ENABLED: 'false' }).ocr.enabled).toBe(false);
    expect(loadConfig({ OCR_LANGUAGES: 'eng+eng' }).ocr.languages).toEqual(['eng']);
    expect(() => loadConfig({ OCR_LANGUAGES: 'eng+xyz' })).toThrow(
      /OCR_LANGUAGES: no OCR data is installed for "xyz" \(add the npm package @tesseract\.js-data\/xyz.*installed: eng/,
    );
    expect(() => loadConfig({ OCR_LANGUAGES: '../etc' })).toThrow(/OCR_LANGUAGES/);
    // Turned off, the languages are not checked: nothing will read them.
    expect(loadConfig({ OCR_ENABLED: 'false', OCR_LANGUAGES: 'xyz' }).ocr.enabled).toBe(false);
  });

  it('refuses to start in production without a strong JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'changeme' })).toThrow(/published example/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short-secret' })).toThrow(
      /shorter than 32/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(40) })).toThrow(
      /distinct characters/,
    );
    const strong = 'kq0V1f8yQ2vB9sT4wL7mN3pR6xZ5cJ1hG8dK2eA0';
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong }).jwtSecret).toBe(strong);
  });

  it('.env.example documents exactly the variables the service reads', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(EnvSchema.properties).sort());
  });
});
