import type { ReplayCostResult } from './replay-cost';
import type { UpsertCostResult } from './upsert-cost';
import type { AtOnceResult, AtOnceRun, CostResult, MemoryResult, ParkedResult, StartLatency } from './phases';
import type { FloorParkResult } from './floor-park';
import type { SlotPeaks } from './worker-child';
import type { WaveResult } from './wave-phase';

type Row = [measurement: string, floor: string, siteshift: string, goal: string];

const f = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));
const peaks = (p?: SlotPeaks) => (p ? `${p.activity} / ${p.workflow}` : '-');
const waits = (w?: { count: number; p50: number; p95: number; max: number }) =>
  w ? `p50 ${f(w.p50, 0)}, p95 ${f(w.p95, 0)}, max ${f(w.max, 0)} (${w.count})` : '-';

/** The bench's results as a Markdown table (printed, and pasted into the README's Benchmarks section). */
export function costTable(results: Record<string, unknown>): string {
  const rows: Row[] = [];
  const ok = (key: string) => (results[key] && !('error' in (results[key] as object)) ? results[key] : undefined);
  for (const key of ['cost-5min-sync', 'cost-48h-sync']) {
    const cost = ok(key) as CostResult | undefined;
    if (!cost) continue;
    const { floor, siteshift } = cost.flavours;
    const events = (h: CostResult['flavours']['floor']['historyEvents']) => `${h.min}-${h.max}`;
    rows.push([
      `history events / migration, ${cost.label}`,
      events(floor.historyEvents),
      events(siteshift.historyEvents),
      '≤ floor + 10, same for both syncs',
    ]);
    rows.push([`billable actions / migration, ${cost.label}`, f(floor.actions), f(siteshift.actions), '≤ floor + 1 per sync check']);
    rows.push([`  sync checks / migration, ${cost.label}`, f(floor.syncChecks), f(siteshift.syncChecks), '48-h sync ≤ 150']);
    if (floor.approvalWaitMs)
      rows.push([
        `  approval's wait for the operator, ms, ${cost.label}`,
        waits(floor.approvalWaitMs),
        waits(siteshift.approvalWaitMs),
        'alike (like for like)',
      ]);
    const types = new Set([...Object.keys(floor.actionsByType), ...Object.keys(siteshift.actionsByType)]);
    for (const type of [...types].sort()) {
      rows.push([`  ${type}`, f(floor.actionsByType[type] ?? 0), f(siteshift.actionsByType[type] ?? 0), '']);
    }
  }
  const wave = ok('wave') as WaveResult | undefined;
  if (wave) {
    rows.push([
      `wave of ${wave.machines} machines (${wave.groups} groups): wall s, end`,
      '-',
      `${f(wave.wallSeconds)}, ${wave.stage}`,
      'completes',
    ]);
    rows.push([
      '  largest history of a wave run, events / runs (continue-as-new)',
      '-',
      `${wave.largestRunHistoryEvents} / ${wave.runs} (${wave.continueAsNew})`,
      'far below 51,200',
    ]);
  }
  const replay = ok('replay-cost') as ReplayCostResult | undefined;
  if (replay) {
    const { floor, siteshift } = replay.flavours;
    rows.push([
      `workflow code CPU per migration, ms: a recorded run replayed (median of ${replay.rounds} rounds of ${replay.replays})`,
      f(floor.cpuMsPerMigration, 1),
      `${f(siteshift.cpuMsPerMigration, 1)} (${f(siteshift.cpuMsPerMigration / floor.cpuMsPerMigration, 2)}x)`,
      'report (the part of goal 3 that is ours)',
    ]);
    rows.push([
      'promises the workflow code creates per migration (the same replay; the SDK captures a stack trace for each)',
      f(floor.promisesPerMigration, 0),
      `${f(siteshift.promisesPerMigration, 0)} (${f(siteshift.promisesPerMigration / floor.promisesPerMigration, 2)}x)`,
      'report',
    ]);
  }
  const upserts = ok('upsert-cost') as UpsertCostResult | undefined;
  if (upserts) {
    const runs = (ms: number[]) => ms.map((m) => f(m)).join(', ');
    rows.push([
      `dev server CPU per MigrationStage upsert, ms: ${upserts.workflows} probes of six steps, without / with an upsert per step (each run, ms per probe)`,
      `without: ${runs(upserts.serverMsPerWorkflow.plain)}`,
      `with: ${runs(upserts.serverMsPerWorkflow.upserts)}; ${f(upserts.serverMsPerUpsert, 2)} per upsert`,
      "report (the engine's, per stage shown)",
    ]);
  }
  const once = ok('at-once') as AtOnceResult | undefined;
  if (once) {
    const { floor, siteshift } = once.flavours;
    rows.push([
      `${once.machines} at once: wall s`,
      f(floor.wallSeconds),
      `${f(siteshift.wallSeconds)} (${f(siteshift.wallSeconds / floor.wallSeconds, 2)}x)`,
      '≤ 1.2x floor',
    ]);
    rows.push([
      `${once.machines} at once: worker CPU s`,
      f(floor.workerCpuSeconds),
      `${f(siteshift.workerCpuSeconds)} (${f(siteshift.workerCpuSeconds / floor.workerCpuSeconds, 2)}x)`,
      '≤ 1.2x floor',
    ]);
    if (floor.serverCpuSeconds !== undefined && siteshift.serverCpuSeconds !== undefined)
      rows.push([
        `${once.machines} at once: dev server CPU s (the engine's work for the same fleet)`,
        f(floor.serverCpuSeconds),
        `${f(siteshift.serverCpuSeconds)} (${f(siteshift.serverCpuSeconds / floor.serverCpuSeconds, 2)}x)`,
        'report (bounds the wall time)',
      ]);
    const visible = once.visibleFloor;
    if (visible) {
      const measures = ['wallSeconds', 'workerCpuSeconds', 'serverCpuSeconds'] as const;
      const of = (run: AtOnceRun, measure: (typeof measures)[number]) => run[measure] ?? NaN;
      rows.push([
        `${once.machines} at once: the floor with siteshift's visibility writes (the engine's share): wall / worker CPU / server CPU s`,
        measures.map((m) => `${f(of(visible, m))} (${f(of(visible, m) / of(floor, m), 2)}x)`).join(' / '),
        `siteshift ÷ this: ${measures.map((m) => `${f(of(siteshift, m) / of(visible, m), 2)}x`).join(' / ')}`,
        'report (above it: our code)',
      ]);
    }
    const ratios = (measure: keyof AtOnceRun) =>
      (siteshift.runs ?? []).map((run, i) => f((run[measure] ?? NaN) / (floor.runs?.[i]?.[measure] ?? NaN), 2) + 'x').join(', ');
    if ((once.rounds ?? 1) > 1)
      rows.push([
        `${once.machines} at once: each run, siteshift / floor (runs alternate floor, siteshift, siteshift, floor; above: means)`,
        '-',
        `wall ${ratios('wallSeconds')}; CPU ${ratios('workerCpuSeconds')}; server CPU ${ratios('serverCpuSeconds')}`,
        'report',
      ]);
    rows.push([`${once.machines} at once: worker peak RSS MB`, f(floor.workerPeakRssMb, 0), f(siteshift.workerPeakRssMb, 0), '']);
    if (once.slots)
      rows.push([
        `${once.machines} at once: activity / workflow slots used at most (of ${peaks(once.slots)})`,
        peaks(floor.slotPeaks),
        peaks(siteshift.slotPeaks),
        'report (a burst, not waiting)',
      ]);
    if (floor.approvalWaitMs)
      rows.push([
        `${once.machines} at once: approval's wait for the operator, ms (first ${Math.min(once.machines, 100)} histories)`,
        waits(floor.approvalWaitMs),
        waits(siteshift.approvalWaitMs),
        'alike (like for like)',
      ]);
    if (floor.asrRequestsPerMigration !== undefined && siteshift.asrRequestsPerMigration !== undefined)
      rows.push([
        `${once.machines} at once: requests to Site Recovery (the emulator) per migration`,
        f(floor.asrRequestsPerMigration),
        f(siteshift.asrRequestsPerMigration),
        'report',
      ]);
    if (floor.workflowTaskTimeoutsPerMigration !== undefined && siteshift.workflowTaskTimeoutsPerMigration !== undefined)
      rows.push([
        `${once.machines} at once: workflow tasks timed out per migration (first ${Math.min(once.machines, 100)} histories)`,
        f(floor.workflowTaskTimeoutsPerMigration, 2),
        f(siteshift.workflowTaskTimeoutsPerMigration, 2),
        'report',
      ]);
    if (floor.operatorFindRequestsPerMigration !== undefined)
      rows.push([
        `${once.machines} at once: operator's requests to find waiting migrations, per migration (floor: describes; siteshift: lists)`,
        f(floor.operatorFindRequestsPerMigration),
        f(siteshift.operatorFindRequestsPerMigration),
        '',
      ]);
  }
  const memory = ok('memory') as MemoryResult | undefined;
  if (memory) {
    const { floor, siteshift } = memory.flavours;
    rows.push([
      `worker MB per cached migration (${memory.parked} parked)`,
      f(floor.mbPerCachedMigration, 2),
      f(siteshift.mbPerCachedMigration, 2),
      'small',
    ]);
    if (floor.moduleHeapKbPerContext !== undefined)
      rows.push([
        'heap KB per workflow context for its modules (bench/context-memory.ts)',
        f(floor.moduleHeapKbPerContext, 0),
        f(siteshift.moduleHeapKbPerContext, 0),
        'small',
      ]);
    rows.push(['workflow bundle KB', f(floor.bundleKb, 0), f(siteshift.bundleKb, 0), 'small']);
  }
  const floorStarts = ok('floor-starts') as StartLatency | undefined;
  const parked = ok('parked') as ParkedResult | undefined;
  const starts = (s?: StartLatency) => (s ? `${f(s.perSecond)}/s, p50 ${f(s.p50Ms, 0)} ms, p99 ${f(s.p99Ms, 0)} ms` : '-');
  if (floorStarts || parked) {
    rows.push([
      `${parked?.starts.starts ?? floorStarts?.starts} starts through the client`,
      starts(floorStarts),
      starts(parked?.starts),
      'report',
    ]);
  }
  if (parked) {
    const p = parked;
    rows.push([`${p.apiStarts.starts} starts through the HTTP API (POST /v1/migrations)`, '-', starts(p.apiStarts), 'report']);
    rows.push([
      `${p.parked - (p.terminated ?? 0)} parked (cache ${p.maxCachedWorkflows}): worker RSS MB now / peak`,
      '-',
      `${f(p.workerRssMb, 0)} / ${f(p.workerPeakRssMb, 0)}`,
      '< 1024',
    ]);
    const floorPark = p.floor && !('error' in p.floor) ? (p.floor as FloorParkResult) : undefined;
    const floorNote = p.floor && 'error' in p.floor ? `failed: ${p.floor.error}` : '-';
    rows.push([
      `activity slots used, parked / while parking (of ${p.activitySlots})`,
      floorPark ? `${floorPark.slotPeaksParked.activity} / ${floorPark.slotPeaksWhileParking.activity}` : floorNote,
      `${p.slotPeaksParked.activity} / ${p.slotPeaksWhileParking.activity}`,
      `0 / ≤ ${p.activitySlots / 2}`,
    ]);
    rows.push([
      `workflow task slots used, parked / while parking (of ${p.workflowTaskSlots})`,
      floorPark ? `${floorPark.slotPeaksParked.workflow} / ${floorPark.slotPeaksWhileParking.workflow}` : floorNote,
      `${p.slotPeaksParked.workflow} / ${p.slotPeaksWhileParking.workflow}`,
      'report',
    ]);
    const firstN = floorPark?.machines ?? p.parked;
    const siteshiftFirst = p.firstParkedSeconds === undefined ? '-' : f(firstN / p.firstParkedSeconds);
    rows.push([
      `parked / s (floor: ${floorPark?.machines ?? '-'} of the same shape; siteshift: its first ${firstN}, all ${p.parkedCount} parked)`,
      floorPark ? `${f(floorPark.parkedPerSecond)}${floorPark.parkError ? ` (${floorPark.parkedCount} parked in time)` : ''}` : floorNote,
      `${siteshiftFirst}, ${f(p.parkedPerSecond)}`,
      'report (bounds the 10,000)',
    ]);
    const evicted = p.evictedApprovalMs;
    rows.push([
      `approval on an evicted migration, ms (${evicted.count} answered, ${evicted.failed ?? 0} failed, one at a time)`,
      '-',
      `p50 ${f(evicted.p50, 0)}, p95 ${f(evicted.p95, 0)}, p99 ${f(evicted.p99, 0)}`,
      'p95 < 1000, p99 < 2000',
    ]);
    const burst = p.burstApprovalMs;
    rows.push([
      `burst of ${burst.count} approvals at ${burst.perSecond}/s, ms`,
      '-',
      `p99 ${f(burst.p99, 0)}, ${burst.unansweredWithin2s} over 2 s (${burst.failed} failed)`,
      'p99 < 2000',
    ]);
    const byType = Object.entries(p.workflowTaskTimeoutsByType ?? {}).map(([type, n]) => `${n} ${type}`);
    rows.push([
      'workflow task timeouts (approved migrations)',
      '-',
      `${p.workflowTaskTimeouts}${byType.length ? ` (${byType.join(', ')})` : ''}`,
      '0',
    ]);
    rows.push([
      `time to park the fleet, s${p.maxFilling === undefined ? '' : ` (at most ${p.maxFilling} filling at once after the measured starts)`}`,
      floorPark
        ? floorPark.parkSeconds === undefined
          ? `not all parked: ${floorPark.parkError}`
          : f(floorPark.parkSeconds, 0)
        : floorNote,
      p.parkSeconds === undefined
        ? `not all parked: ${p.parkError}; ${p.notStarted ? `${p.notStarted} not started by then, ` : ''}${p.terminated} not parked terminated, measured on the rest (${p.awaitingParked} awaiting approval)${quietNote(p)}`
        : f(p.parkSeconds, 0),
      '',
    ]);
  }
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(['per migration / measurement', 'floor', 'siteshift', 'goal']), line(['---', '---', '---', '---']), ...rows.map(line)].join(
    '\n',
  );
}

/** How long the measurements waited for the worker to be quiet after the terminations. */
function quietNote(p: ParkedResult): string {
  const q = p.quietAfterTerminations;
  if (!q) return '';
  return q.quiet
    ? `, after ${f(q.seconds, 0)} s for the worker to be quiet`
    : `; the worker was still busy ${f(q.seconds, 0)} s after them`;
}
