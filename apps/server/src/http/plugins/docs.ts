import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { Problem } from '@ledgerflow/contracts';

/** The top bar of /docs: the name instead of Swagger's logo. */
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="40" viewBox="0 0 180 40">' +
    '<text x="0" y="29" font-family="sans-serif" font-size="26" font-weight="700" fill="#ffffff">Ledgerflow</text>' +
    '</svg>',
);

/**
 * Upload routes read their multipart parts themselves (the file streams to disk, the fields are checked
 * after), so their body is declared as `multipartBody`, which only the OpenAPI document sees: as a
 * multipart/form-data request body, which Swagger UI renders with a file picker.
 */
function documentMultipart({ schema, url }: { schema: FastifySchema; url: string }) {
  if (!schema?.multipartBody) return { schema, url };
  const { multipartBody, ...rest } = schema;
  return { schema: { ...rest, body: multipartBody, consumes: ['multipart/form-data'] }, url };
}

/** OpenAPI 3.1 generated from the route schemas, at /openapi.json, and Swagger UI at /docs. */
export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  app.addSchema(Problem);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ledgerflow',
        version,
        description:
          'Bank statements in, clean categorized transactions and reports out. Long operations run as ' +
          'background tasks: submit, then follow `/tasks/{task_id}/status`. Errors are ' +
          '`application/problem+json` (RFC 9457) with a stable `code`.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      tags: [
        { name: 'auth', description: 'Accounts and sessions' },
        { name: 'organization', description: 'The caller, their organization and its members' },
        { name: 'tasks', description: 'Background tasks: status, progress, results, cancellation' },
        { name: 'files', description: 'Stored files' },
        {
          name: 'statements',
          description: 'Statement imports (PDF and bank exports), their sessions and the accounts',
        },
        { name: 'transactions', description: 'Imported transactions: search, corrections, bulk edits' },
        { name: 'categories', description: 'Categories: income, expense and transfer, two levels deep' },
        { name: 'rules', description: 'Categorization rules, their preview, and bulk categorization' },
        { name: 'invoices', description: 'Invoices read from PDFs: extraction, corrections, duplicates' },
        { name: 'reports', description: 'Excel and CSV reports, generated in the background; schedules' },
        { name: 'webhooks', description: 'Webhook endpoints, signed task events and their deliveries' },
        { name: 'audit', description: 'Audit log' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    transform: documentMultipart,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The app-wide Content-Security-Policy (security.ts) covers these pages too; swagger-ui's own
    // `staticCSP` would add `upgrade-insecure-requests` even over plain HTTP, where it blanks the page.
    staticCSP: false,
    theme: { title: 'Ledgerflow — API docs' },
    logo: { type: 'image/svg+xml', content: LOGO, href: '/docs', target: '_self' },
    uiConfig: { deepLinking: true, tryItOutEnabled: true, persistAuthorization: false },
  });
}
