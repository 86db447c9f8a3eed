import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API process serves `dist/` at `/` (apps/server/src/http/plugins/web-app.ts). In development,
// `npm run dev -w @ledgerflow/web` proxies API paths to a running `npm start` on port 8000.
const API = 'http://127.0.0.1:8000';
const apiPaths = [
  '/auth',
  '/me',
  '/organization',
  '/tasks',
  '/upload_pdf_async',
  '/statements',
  '/transactions',
  '/accounts',
  '/categories',
  '/rules',
  '/bulk_categorize_async',
  '/reports',
  '/report_schedules',
  '/invoices',
  '/files',
  '/audit',
];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Source maps stay out of the served bundle; the API serves only what is in dist/.
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      ...Object.fromEntries(apiPaths.map((p) => [p, { target: API }])),
      '/ws': { target: API.replace('http', 'ws'), ws: true },
    },
  },
});
