import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RequestLogEntry } from '../http/request-log';
import { EmulatorStateSchema, type EmulatorState } from './state';

/** Where the run-time state and the request log are kept between runs. */
export interface StateStore {
  /** The saved state, or undefined when there is none yet. */
  load(): EmulatorState | undefined;
  save(state: EmulatorState): void;
  loadLog(): RequestLogEntry[];
  appendLog(entry: RequestLogEntry): void;
  clearLog(): void;
}

/** No state path: state lives in memory only and is gone when the emulator stops. */
export const memoryStore: StateStore = {
  load: () => undefined,
  save: () => {},
  loadLog: () => [],
  appendLog: () => {},
  clearLog: () => {},
};

/**
 * State on disk: the state document is replaced atomically (write a temporary file, fsync, rename), so a crash
 * leaves either the old or the new version. The request log is an append-only JSON-lines file next to it.
 */
export class FileStateStore implements StateStore {
  readonly logPath: string;

  constructor(readonly statePath: string) {
    this.logPath = `${statePath}.requests.jsonl`;
    mkdirSync(dirname(statePath), { recursive: true });
  }

  load(): EmulatorState | undefined {
    if (!existsSync(this.statePath)) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.statePath, 'utf8'));
    } catch (error) {
      throw new Error(`Emulator state file ${this.statePath} is not valid JSON (${(error as Error).message}); delete it to start fresh.`);
    }
    if ((raw as { version?: unknown } | null)?.version !== 1) {
      throw new Error(
        `Emulator state file ${this.statePath} has unknown version ${String((raw as { version?: unknown } | null)?.version)}; delete it to start fresh.`,
      );
    }
    const result = EmulatorStateSchema.safeParse(raw);
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
      throw new Error(
        `Emulator state file ${this.statePath} is not a state this emulator wrote: ${problems.join('; ')}; delete it to start fresh.`,
      );
    }
    return result.data;
  }

  save(state: EmulatorState): void {
    const temporary = `${this.statePath}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeFileSync(fd, JSON.stringify(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.statePath);
  }

  loadLog(): RequestLogEntry[] {
    if (!existsSync(this.logPath)) return [];
    const entries: RequestLogEntry[] = [];
    for (const line of readFileSync(this.logPath, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as RequestLogEntry);
      } catch {
        // A line cut short by a crash mid-append: everything before it is intact.
      }
    }
    return entries;
  }

  appendLog(entry: RequestLogEntry): void {
    appendFileSync(this.logPath, `${JSON.stringify(entry)}\n`);
  }

  clearLog(): void {
    writeFileSync(this.logPath, '');
  }
}
