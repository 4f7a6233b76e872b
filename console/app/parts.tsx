/** An error line announced to screen readers; nothing when there is no error. */
export function ErrorLine({ error }: { error: string | undefined }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

/** A labelled select of `options` with "any" first (value ''). */
export function FilterSelect(props: { label: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <label>
      {props.label}
      <select name={props.label.toLowerCase()} value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        <option value="">any</option>
        {props.options.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
    </label>
  );
}
