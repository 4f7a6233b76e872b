/** What the emulator saw: enough to prove in tests that no side effect happened twice. */
export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  /** Path without the query string. */
  path: string;
  apiVersion?: string;
  /** The `$skiptoken` of a page after the first: the request followed a list's nextLink. */
  skipToken?: string;
  /** The ARM id of the resource addressed, lower-cased (for a POST action: the protected item). */
  resourceId?: string;
  /** The swagger operationId, e.g. "ReplicationProtectedItems_TestFailover", or "Emulator_Throttled". */
  operation: string;
  status: number;
  /** The ASR job (= long-running operation id) the request started: one entry with a jobName = one side effect. */
  jobName?: string;
  errorCode?: string;
  /**
   * An injected fault: 'throttled' = answered 429/503 without handling the request; 'responseDropped' = handled
   * (the job started) but the client got a 503 (status 503) or a reset connection (status 0).
   */
  fault?: 'throttled' | 'responseDropped';
}

export class RequestLog {
  private entries: RequestLogEntry[];

  constructor(
    initial: RequestLogEntry[] = [],
    private readonly onAppend?: (entry: RequestLogEntry) => void,
  ) {
    this.entries = [...initial];
  }

  append(entry: Omit<RequestLogEntry, 'seq' | 'at'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: (this.entries.at(-1)?.seq ?? 0) + 1, at: new Date().toISOString(), ...entry };
    this.entries.push(full);
    this.onAppend?.(full);
    return full;
  }

  all(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Copies of the entries after the one numbered `seq`, oldest first (0: all): O(log n) plus what is new, for readers that follow the log. */
  since(seq: number): RequestLogEntry[] {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle].seq <= seq) low = middle + 1;
      else high = middle;
    }
    return this.entries.slice(low).map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
