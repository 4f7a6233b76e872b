import { DEFAULT_WORKER_TUNING, workerTuningFromEnv } from '../../config/worker-tuning';
import { workerOptionsFor } from '../../workers/worker';
import { exitCodeFor } from '../../bin/exit-code';

describe('worker tuning', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(workerTuningFromEnv({})).toEqual(DEFAULT_WORKER_TUNING);
  });

  it('takes each setting from its environment variable', () => {
    const tuning = workerTuningFromEnv({ SITESHIFT_WORKER_MAX_CACHED_WORKFLOWS: '50', SITESHIFT_WORKER_ACTIVITY_SLOTS: ' 20 ' });
    expect(tuning).toEqual({ ...DEFAULT_WORKER_TUNING, maxCachedWorkflows: 50, activitySlots: 20 });
    expect(workerOptionsFor(tuning)).toMatchObject({ maxCachedWorkflows: 50, maxConcurrentActivityTaskExecutions: 20 });
  });

  it('names every bad setting at once', () => {
    expect(() => workerTuningFromEnv({ SITESHIFT_WORKER_ACTIVITY_SLOTS: '0', SITESHIFT_WORKER_STICKY_TIMEOUT_SECONDS: 'soon' })).toThrow(
      /SITESHIFT_WORKER_ACTIVITY_SLOTS must be a whole number of at least 1, got '0'[\s\S]*SITESHIFT_WORKER_STICKY_TIMEOUT_SECONDS must be a whole number of at least 1, got 'soon'/,
    );
  });

  it('refuses more workflow pollers than workflow task slots', () => {
    expect(() => workerTuningFromEnv({ SITESHIFT_WORKER_WORKFLOW_TASK_SLOTS: '4', SITESHIFT_WORKER_WORKFLOW_POLLERS: '8' })).toThrow(
      /SITESHIFT_WORKER_WORKFLOW_POLLERS must be at most SITESHIFT_WORKER_WORKFLOW_TASK_SLOTS \(4\), got '8'/,
    );
  });

  it('is a configuration error: the programs exit 78 with the variables named, no stack', () => {
    for (const env of [
      { SITESHIFT_WORKER_MAX_CACHED_WORKFLOWS: 'lots' },
      { SITESHIFT_WORKER_ACTIVITY_SLOTS: '0', SITESHIFT_WORKER_ACTIVITY_POLLERS: '-1' },
      { SITESHIFT_WORKER_WORKFLOW_TASK_SLOTS: '2', SITESHIFT_WORKER_WORKFLOW_POLLERS: '3' },
    ]) {
      let thrown: unknown;
      try {
        workerTuningFromEnv(env);
      } catch (error) {
        thrown = error;
      }
      const { code, message } = exitCodeFor(thrown);
      expect(code).toBe(78);
      for (const variable of Object.keys(env).filter((v) => v !== 'SITESHIFT_WORKER_WORKFLOW_TASK_SLOTS'))
        expect(message).toContain(variable);
      expect(message).not.toMatch(/\n\s+at /);
    }
  });
});
