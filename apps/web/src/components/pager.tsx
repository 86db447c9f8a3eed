/** Previous / next for offset-paginated lists. */
export function Pager(props: {
  offset: number;
  total: number;
  size: number;
  onChange: (offset: number) => void;
}) {
  if (props.total <= props.size) return null;
  const last = Math.min(props.offset + props.size, props.total);
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        disabled={props.offset === 0}
        onClick={() => props.onChange(Math.max(0, props.offset - props.size))}
      >
        Previous
      </button>
      <span>
        {props.offset + 1}–{last} of {props.total.toLocaleString()}
      </span>
      <button
        type="button"
        disabled={last >= props.total}
        onClick={() => props.onChange(props.offset + props.size)}
      >
        Next
      </button>
    </nav>
  );
}
