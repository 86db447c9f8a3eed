/**
 * User regular expressions run on re2js, a pure-JavaScript port of RE2: matching time is linear in the
 * input, so no pattern (`(a+)+$` included) can hang a worker. Patterns are compiled case-insensitively
 * and run against the normalized description (text.ts), so they see single spaces and lower case.
 */
import { RE2JS, RE2JSException } from 're2js';

export const PatternProblemCode = {
  /** Valid in JavaScript or PCRE but outside RE2: backreferences, lookaround. */
  unsupported: 'REGEX_UNSUPPORTED',
  invalid: 'REGEX_INVALID',
} as const;
export type PatternProblemCode = (typeof PatternProblemCode)[keyof typeof PatternProblemCode];

export interface PatternProblem {
  code: PatternProblemCode;
  message: string;
}

export type CompiledPattern = { ok: true; regex: RE2JS } | { ok: false; problem: PatternProblem };

const LOOKAROUND = /\(\?<?[=!]/;
const BACKREFERENCE = /\\(?:[1-9]|k[<{']|g)/;

/** Compiles `pattern` for matching, or says in words a user can act on why RE2 refuses it. */
export function compilePattern(pattern: string): CompiledPattern {
  try {
    return { ok: true, regex: RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE) };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return { ok: false, problem: describeRejection(pattern, error.message) };
  }
}

function describeRejection(pattern: string, engineMessage: string): PatternProblem {
  if (LOOKAROUND.test(pattern)) {
    return {
      code: PatternProblemCode.unsupported,
      message:
        'Lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported: rules use RE2, ' +
        'which guarantees matching in linear time.',
    };
  }
  if (BACKREFERENCE.test(pattern)) {
    return {
      code: PatternProblemCode.unsupported,
      message:
        'Backreferences (\\1, \\k<name>) are not supported: rules use RE2, which guarantees matching in ' +
        'linear time.',
    };
  }
  return { code: PatternProblemCode.invalid, message: `Invalid regular expression: ${engineMessage}` };
}
