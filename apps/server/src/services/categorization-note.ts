/**
 * Why a run or an import filed nothing, in words a newcomer can act on; null when something changed or
 * there was nothing to file. A new organization starts with starter rules (issue 21); one that deleted or
 * deactivated them all, or existed before them, has none.
 */
export function nothingChangedNote(
  processed: number,
  changed: number,
  activeRules: number,
  skippedManual = 0,
): string | null {
  if (changed > 0 || processed === 0) return null;
  if (activeRules === 0)
    return 'No active rules, so nothing was categorized: add the starter rules with POST /rules/starter or create your own at POST /rules (POST /rules/preview shows what one would match), then run POST /bulk_categorize_async.';
  if (skippedManual === processed)
    return 'Every transaction in scope has a category set by hand; send overwrite: true to let rules change them.';
  return `None of the ${activeRules} active rules matched these transactions (or they already have the categories the rules set); POST /rules/preview shows what a rule matches.`;
}
