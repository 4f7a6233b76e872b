import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { processCpuSeconds, processGroupCpuSeconds } from '../../bench/process-cpu';

/** What the bench reads of a process's CPU (the worker's, the dev server's group) counts the CPU it used. */
describe('process CPU from /proc', () => {
  it('counts every busy process of a group, children included, and no other group', async () => {
    // A shell leading its own group, as the dev server's supervisor does, with a busy child of ~1 CPU second.
    const busy = "const end = Date.now() + 1000; while (Date.now() < end) {} console.log('done')";
    const group = spawn('sh', ['-c', `"${process.execPath}" -e "${busy}" & wait`], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const leader = group.pid!;
    const output = once(group.stdout!, 'data');
    const ourBefore = processCpuSeconds(process.pid);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const groupNow = processGroupCpuSeconds(leader);
    // The leader (a waiting shell) used next to nothing: the group's CPU is its child's.
    expect(processCpuSeconds(leader)).toBeLessThan(0.1);
    expect(groupNow).toBeGreaterThan(0.3);
    // This process only slept meanwhile: its group (Jest's) is another.
    expect(processCpuSeconds(process.pid) - ourBefore).toBeLessThan(groupNow);
    await output;
    await once(group, 'exit');
  });
});
