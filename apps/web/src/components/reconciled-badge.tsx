import { Badge } from './ui';

/** Whether a statement adds up; the tooltip says which check, the statement page which rows. */
export function ReconciledBadge({ reconciled, checked }: { reconciled: boolean; checked: boolean }) {
  if (!checked)
    return (
      <Badge tone="neutral" title="The file carries no balances, so there was nothing to check against">
        Not checked
      </Badge>
    );
  return reconciled ? (
    <Badge
      tone="ok"
      title="Opening balance plus the transactions equals the closing balance, and every running balance agrees"
    >
      ✓ Reconciled
    </Badge>
  ) : (
    <Badge tone="bad" title="The balances do not add up; the statement page shows which rows">
      ✗ Not reconciled
    </Badge>
  );
}
