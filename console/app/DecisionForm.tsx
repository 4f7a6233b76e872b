import { useState } from 'preact/hooks';
import type { DecisionRight } from '../../common/me';
import type { MigrationStatus } from '../../common/migration-status';
import { ApiError, type Api } from './api';
import { whyDisabled } from './rules';

const LABELS: Record<string, string> = {
  approveTestFailover: 'Approve test failover',
  requestRetest: 'Request retest',
  approveFailover: 'Approve cutover',
  rescheduleFailover: 'Reschedule cutover',
  cancelScheduledFailover: 'Cancel scheduled cutover',
  abortMigration: 'Abort migration',
};

/** A datetime-local value (the browser's time zone) as ISO 8601 with offset, as the API expects. */
function isoFromLocal(value: string): string {
  return new Date(value).toISOString();
}

/** One machine decision's form: its fields from `GET /v1/me` (comment, reason, notBefore) and its button. */
export function DecisionForm({
  api,
  right,
  status,
  onDecided,
}: {
  api: Api;
  right: DecisionRight;
  status: MigrationStatus;
  onDecided: (status: MigrationStatus) => void;
}) {
  return (
    <DecisionFormFor
      api={api}
      right={right}
      label={LABELS[right.name] ?? right.name}
      url={`/v1/migrations/${encodeURIComponent(status.machineId)}/decisions/${right.name}`}
      disabledBecause={whyDisabled(right, status)}
      onDecided={onDecided}
    />
  );
}

/** A decision's form (a machine's or a wave's): posts its fields to `url`, hands the answer to `onDecided`. */
export function DecisionFormFor<S>({
  api,
  right,
  label,
  url,
  disabledBecause,
  onDecided,
}: {
  api: Api;
  right: Pick<DecisionRight, 'summary' | 'fields'> & { name: string };
  label: string;
  url: string;
  disabledBecause: string | undefined;
  onDecided: (status: S) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    const body: Record<string, string> = {};
    for (const field of right.fields) {
      const value = values[field.name]?.trim();
      if (value) body[field.name] = field.name === 'notBefore' ? isoFromLocal(value) : value;
    }
    try {
      onDecided(await api.post<S>(url, body));
      setValues({});
      setOutcome({ ok: true, text: 'Accepted.' });
    } catch (failure) {
      const problem = failure instanceof ApiError ? failure.problem : undefined;
      const fields = problem?.errors?.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      setOutcome({ ok: false, text: `${problem ? `${problem.title}: ` : ''}${(failure as Error).message}${fields ? ` (${fields})` : ''}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="decision" data-decision={right.name} onSubmit={submit}>
      <fieldset disabled={disabledBecause !== undefined || busy}>
        <legend>{label}</legend>
        <p class="hint">{right.summary}</p>
        {right.fields.map((field) => {
          const id = `${right.name}-${field.name}`;
          const common = {
            id,
            name: field.name,
            required: field.required,
            value: values[field.name] ?? '',
            onInput: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
              setValues({ ...values, [field.name]: event.currentTarget.value }),
          };
          return (
            <div class="field" key={field.name}>
              <label for={id}>
                {field.name === 'notBefore' ? 'Not before' : field.name}
                {field.required ? ' (required)' : field.name === 'notBefore' ? ' (empty: now)' : ''}
              </label>
              {field.name === 'notBefore' ? (
                <input type="datetime-local" {...common} />
              ) : (
                <textarea rows={2} maxLength={2000} placeholder={field.help} {...common} />
              )}
            </div>
          );
        })}
        <button type="submit" name={right.name}>
          {label}
        </button>
        {disabledBecause && <p class="why-disabled">Disabled: {disabledBecause}</p>}
      </fieldset>
      {outcome && (
        <p class={outcome.ok ? 'ok' : 'error'} role="status">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
