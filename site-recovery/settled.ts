/**
 * Promise.all that waits for every read to end before it fails: a refused read never leaves the others running
 * after the caller has moved on.
 */
export async function settled<T extends readonly unknown[]>(reads: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T>;
export async function settled<T>(reads: readonly Promise<T>[]): Promise<T[]>;
export async function settled(reads: readonly Promise<unknown>[]): Promise<unknown[]> {
  const results = await Promise.allSettled(reads);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
}
