import { badRequest } from '../http/errors';
import type { renderJob } from '../views/job';

/**
 * `$filter` of ReplicationJobs_List, the OData subset the portal and the SDK send (JobQueryParameter):
 * `startTime eq '<iso>' and endTime eq '<iso>' and affectedObjectTypes eq '...' and jobName eq '...' and jobStatus eq '...'`.
 * startTime / endTime bound when the job started; jobName matches the scenario (e.g. TestFailover) or the job's
 * name; jobStatus and affectedObjectTypes take comma-separated values. Anything else is refused (400 InvalidFilter).
 */

type RenderedJob = ReturnType<typeof renderJob>;

const CLAUSE = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i;

export function jobFilter(filter: string | undefined): (job: RenderedJob) => boolean {
  if (!filter || !filter.trim()) return () => true;
  const tests = filter.split(/\s+and\s+/i).map((clause) => {
    const match = CLAUSE.exec(clause);
    if (!match)
      throw badRequest(
        'InvalidFilter',
        `Cannot parse '${clause.trim()}' in $filter: expected <field> eq '<value>' clauses joined by 'and'.`,
      );
    const field = match[1];
    const value = match[2].replace(/''/g, "'");
    const anyOf = value
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean);
    switch (field.toLowerCase()) {
      case 'starttime':
        return (job: RenderedJob) => Date.parse(job.properties.startTime) >= timeOf(field, value);
      case 'endtime':
        return (job: RenderedJob) => Date.parse(job.properties.startTime) <= timeOf(field, value);
      case 'affectedobjecttypes':
        return (job: RenderedJob) => anyOf.includes(job.properties.targetInstanceType.toLowerCase());
      case 'jobname':
        return (job: RenderedJob) => anyOf.includes(job.properties.scenarioName.toLowerCase()) || anyOf.includes(job.name.toLowerCase());
      case 'jobstatus':
        return (job: RenderedJob) => anyOf.includes(job.properties.state.toLowerCase());
      default:
        throw badRequest(
          'InvalidFilter',
          `$filter field '${field}' is not supported; use startTime, endTime, affectedObjectTypes, jobName or jobStatus.`,
        );
    }
  });
  return (job) => tests.every((test) => test(job));
}

function timeOf(field: string, value: string): number {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw badRequest('InvalidFilter', `$filter ${field} '${value}' is not a date-time.`);
  return time;
}
