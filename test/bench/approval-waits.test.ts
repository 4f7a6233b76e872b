import { msToTs } from '@temporalio/common/lib/time';
import { approvalWaitsMs } from '../../bench/approval-waits';

const at = (ms: number) => msToTs(ms);
const scheduled = (ms: number) => ({ eventTime: at(ms), workflowTaskScheduledEventAttributes: {} });
const started = (ms: number) => ({ eventTime: at(ms), workflowTaskStartedEventAttributes: {} });
const completed = (ms: number) => ({ eventTime: at(ms), workflowTaskCompletedEventAttributes: {} });
const accepted = (ms: number) => ({ eventTime: at(ms), workflowExecutionUpdateAcceptedEventAttributes: {} });
const activityDone = (ms: number) => ({ eventTime: at(ms), activityTaskCompletedEventAttributes: {} });

describe('approvalWaitsMs (npm run bench: how long each approval waited for the operator)', () => {
  it('measures from the task that began the wait to the task the update arrived with, for each accepted approval', () => {
    const events = [
      activityDone(1_000),
      scheduled(1_010),
      started(1_020),
      completed(1_100), // the floor now waits for test approval
      scheduled(1_350), // the update arrives
      started(1_360),
      completed(1_400),
      accepted(1_400),
      activityDone(5_000),
      scheduled(5_010),
      started(5_020),
      completed(5_030), // waits for failover approval
      scheduled(7_030),
      started(7_040),
      completed(7_050),
      accepted(7_050),
    ];
    expect(approvalWaitsMs(events)).toEqual([250, 2000]);
  });

  it('has nothing to measure without an accepted update', () => {
    expect(approvalWaitsMs([scheduled(0), started(1), completed(2)])).toEqual([]);
  });
});
