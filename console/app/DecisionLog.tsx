import { localTime } from './time';

/** A decision log (a machine's or a wave's): who, when, via, in which stage, comment, accepted or why not. */
export function DecisionLog({
  decisions,
}: {
  decisions: readonly {
    name: string;
    by: string | null;
    at: string;
    via: string;
    stage: string;
    comment?: string;
    details?: Record<string, string>;
    accepted: boolean;
    rejectionReason?: string;
  }[];
}) {
  return decisions.length === 0 ? (
    <p class="hint">No decision yet.</p>
  ) : (
    <table class="decision-log">
      <thead>
        <tr>
          <th>When</th>
          <th>Decision</th>
          <th>Who</th>
          <th>Via</th>
          <th>In stage</th>
          <th>Comment</th>
          <th>Outcome</th>
        </tr>
      </thead>
      <tbody>
        {decisions.map((decision, index) => (
          <tr key={index} class={decision.accepted ? 'accepted' : 'refused'}>
            <td>{localTime(decision.at)}</td>
            <td>{decision.name}</td>
            <td>{decision.by ?? '—'}</td>
            <td>{decision.via}</td>
            <td>{decision.stage}</td>
            <td class="comment">
              {decision.comment}
              {decision.details &&
                Object.entries(decision.details).map(([key, value]) => (
                  <div key={key} class="detail">
                    {key}: {value}
                  </div>
                ))}
            </td>
            <td>{decision.accepted ? 'accepted' : `refused: ${decision.rejectionReason ?? ''}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
