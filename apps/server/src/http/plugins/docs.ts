import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { Problem } from '@ledgerflow/contracts';

/** OpenAPI 3.1 generated from the route schemas, at /openapi.json, and Swagger UI at /docs. */
export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  app.addSchema(Problem);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ledgerflow API',
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
        { name: 'audit', description: 'Audit log' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    uiConfig: { deepLinking: true, tryItOutEnabled: true, persistAuthorization: false },
  });
}
