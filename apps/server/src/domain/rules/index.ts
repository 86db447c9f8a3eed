/**
 * Categorization rules: the pure core of issue 6 (no I/O). Typical use:
 *
 *   const problems = validateRule(body);          // at save time; non-empty → HTTP 422 with these
 *   const engine = compileRules(storedRules);     // once per job, for one organization
 *   const outcome = evaluate(engine, transaction); // or evaluateBatch(engine, transactions)
 *   // outcome.categoryId / payee / note / tags, matchedRuleIds, setBy (which rule set what)
 *
 * - `Rule` and its parts are TypeBox schemas and static types (schema.ts), plain JSON for jsonb and HTTP.
 * - `validateRule(unknown)` → RuleProblem[] ({ path: JSON Pointer, code, message }); RE2 rejections
 *   (backreferences, lookaround, bad syntax) come back as REGEX_UNSUPPORTED / REGEX_INVALID.
 * - `compileRules(rules)` → RuleEngine: active rules by ascending priority, ties by id; invalid rules
 *   are left out and listed in `engine.skipped`. Policy (engine.ts): first rule to set the category,
 *   payee or note wins; tags accumulate; stop_processing ends evaluation for that transaction.
 * - Text conditions compare normalizeText(description) (trimmed, whitespace collapsed, lower case);
 *   regular expressions run on re2js (linear time) case-insensitively against that same text.
 */
export { compileRules, evaluate, evaluateBatch } from './engine.js';
export type { RuleEngine, RuleOutcome, RuleSubject, SkippedRule } from './engine.js';
export { normalizeText } from './text.js';
export { isValidRule, RuleProblemCode, validateConditionsAndActions, validateRule } from './validate.js';
export type { RuleProblem } from './validate.js';
export * from './schema.js';
