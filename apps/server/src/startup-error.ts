/**
 * A reason the service cannot start that the operator can act on (a busy port, a folder the database
 * cannot reach). `main.ts` prints its message alone, without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
