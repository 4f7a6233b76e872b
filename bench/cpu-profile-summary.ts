import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * `npx tsx bench/cpu-profile-summary.ts <file.cpuprofile>... [--top N]`: the busiest functions of V8 CPU profiles
 * (SITESHIFT_BENCH_CPU_PROF writes one per thread of each bench worker: the main thread runs the activities, the
 * workflow thread the workflows), by self time and by inclusive time (each function counted once per sample,
 * however deep it recurses). Compare a siteshift worker's workflow thread with the floor's.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summarise(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const name = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
    `${functionName || '(anonymous)'} ${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\//, '')}:${lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += ms;
    self.set(name(node), (self.get(name(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const key = name(byId.get(at)!);
      if (key.startsWith('(root)') || seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const table = (totals: Map<string, number>) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${key}`)
      .join('\n');
  return `${basename(file)}: ${busy.toFixed(0)} ms busy\n self:\n${table(self)}\n inclusive:\n${table(inclusive)}`;
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
if (args.length === 0 || !Number.isInteger(top) || top < 1) {
  console.error('usage: tsx bench/cpu-profile-summary.ts <file.cpuprofile>... [--top N]');
  process.exit(2);
}
for (const file of args) console.log(summarise(file, top));
