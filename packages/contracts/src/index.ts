export * from './common.js';
export * from './auth.js';
export * from './organization.js';
export * from './audit.js';
export * from './files.js';
export * from './tasks.js';
export * from './statements.js';
export * from './categorization.js';
