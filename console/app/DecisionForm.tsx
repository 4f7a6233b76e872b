import { useState } from 'preact/hooks';
import type { DecisionRight, ProtectionDecisionRight } from '../../common/me';
import { ApiError, type Api } from './api';
import { whyDisabled } from './rules';

const LABELS: Record<string, string> = {
  approveTestFailover: 'Approve test failover',
  requestRetest: 'Request retest',
  approveFailover: 'Approve cutover',
  rescheduleFailover: 'Reschedule cutover',
  cancelScheduledFailover: 'Cancel scheduled cutover',
  abortMigration: 'Abort migration',
  runDrill: 'Run drill',
  approveDrill: 'Sign drill off',
  abortDrill: 'Abort drill',
  failover: 'Fail over',
  changeRecoveryPoint: 'Change recovery point',
  commit: 'Commit',
  reprotect: 'Reprotect',
  failback: 'Fail back',
  convertToMigration: 'Convert to migration',
  stopProtection: 'Stop protection',
};

/** A datetime-local value (the browser's time zone) as ISO 8601 with offset, as the API expects. */
function isoFromLocal(value: string): string {
  return new Date(value).toISOString();
}

/**
 * One decision's form: its fields from `GET /v1/me` (comment, reason, notBefore, choices) and its button, for a
 * migration (`/v1/migrations/…/decisions/…`) or a protection (`collection` "protections").
 */
export function DecisionForm<S extends { machineId: string; stage: string }>({
  api,
  right,
  status,
  onDecided,
  collection = 'migrations',
  blockedBecause,
}: {
  api: Api;
  right: DecisionRight | ProtectionDecisionRight;
  status: S;
  onDecided: (status: S) => void;
  collection?: 'migrations' | 'protections';
  /** A rule about who decides that keeps the reader from this decision (four-eyes), beside role and stage. */
  blockedBecause?: string;
}) {
  return (
    <DecisionFormFor
      api={api}
      right={right}
      label={LABELS[right.name] ?? right.name}
      url={`/v1/${collection}/${encodeURIComponent(status.machineId)}/decisions/${right.name}`}
      disabledBecause={whyDisabled(right, status) ?? blockedBecause}
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
            onInput: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement }) =>
              setValues({ ...values, [field.name]: event.currentTarget.value }),
          };
          return (
            <div class="field" key={field.name}>
              <label for={id}>
                {field.name === 'notBefore' ? 'Not before' : field.name}
                {field.required ? ' (required)' : field.name === 'notBefore' ? ' (empty: now)' : ''}
              </label>
              {field.choices ? (
                <select {...common}>
                  <option value="">{field.required ? 'choose' : 'default'}</option>
                  {field.choices.map((choice) => (
                    <option key={choice}>{choice}</option>
                  ))}
                </select>
              ) : field.name === 'notBefore' ? (
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
