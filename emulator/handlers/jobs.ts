import { list, ok, route, type Route } from '../http/route';
import { findJob } from '../model/jobs';
import { renderJob } from '../views/job';
import { jobFilter } from './job-filter';

/** ASR replication jobs, newest first, filtered by $filter. */
export const JOB_ROUTES: Route[] = [
  route('GET', 'replicationJobs', 'ReplicationJobs_List', (ctx, req) => {
    const now = ctx.clock.now();
    const matches = jobFilter(req.query.get('$filter') ?? undefined);
    const jobs = Object.values(ctx.state.jobs)
      .sort((a, b) => b.startedAt - a.startedAt)
      .map((j) => renderJob(ctx.scope, j, now))
      .filter(matches);
    return list(jobs);
  }),
  route('GET', 'replicationJobs/{job}', 'ReplicationJobs_Get', (ctx, req) =>
    ok(renderJob(ctx.scope, findJob(ctx, req.params.job), ctx.clock.now())),
  ),
];
