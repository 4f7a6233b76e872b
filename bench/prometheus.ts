/** One sample of a Prometheus text exposition: metric name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return parse(await response.text());
}

export function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/**
 * The dev server's billable actions by type for one namespace (its `action` counter: what Temporal Cloud
 * bills, e.g. command_ScheduleActivityTask, activity_retry, grpc_RecordActivityTaskHeartbeat).
 */
export async function actionsByType(metricsUrl: string, namespace: string): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const sample of await scrape(metricsUrl)) {
    if (sample.name !== 'action' || sample.labels.namespace !== namespace) continue;
    const type = sample.labels.action_type ?? 'unknown';
    totals[type] = (totals[type] ?? 0) + sample.value;
  }
  return totals;
}

export function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [type, value] of Object.entries(after)) {
    const d = value - (before[type] ?? 0);
    if (d !== 0) delta[type] = d;
  }
  return delta;
}
