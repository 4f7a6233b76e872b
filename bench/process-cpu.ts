import { readdirSync, readFileSync } from 'node:fs';

/** The kernel's clock ticks per second (USER_HZ), in which /proc reports CPU time: 100 on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} has exited: no CPU time to read`);
  return cpuSecondsOf(fields);
}

/**
 * CPU seconds the processes of a process group use so far, those running now: the dev server runs under a small
 * shell supervisor in a group of its own (local-stack/dev-server.ts), whose leader's pid is the group's id.
 */
export function processGroupCpuSeconds(groupId: number): number {
  let seconds = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[2]) === groupId) seconds += cpuSecondsOf(fields);
  }
  return seconds;
}

/** The fields of /proc/<pid>/stat after the command name, which may contain spaces; undefined once it exited. */
function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return undefined;
  }
}

function cpuSecondsOf(fields: string[]): number {
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
