import type { DecisionName } from './decisions';
import type { Stage } from './stages';
import type { WaveDecisionName } from './wave-decisions';
import type { WaveStage } from './wave-stages';

/** One decision as `GET /v1/me` describes it for the caller: the role it needs, where it applies, and whether they hold it. */
export interface DecisionRight {
  name: DecisionName;
  summary: string;
  neededRole: string;
  allowedStages: readonly Stage[];
  allowed: boolean;
  /** What the caller sends with it (never `by`: the API fills it from the token), and what each means. */
  fields: { name: string; required: boolean; help: string }[];
}

/** `GET /v1/me`: who the bearer token speaks for. */
export interface Me {
  name: string;
  roles: string[];
  decisions: DecisionRight[];
  /** The wave decisions, likewise (api/wave-rights.ts). */
  waveDecisions: WaveDecisionRight[];
}

/** One wave decision as `GET /v1/me` describes it for the caller (common/wave-decisions.ts). */
export interface WaveDecisionRight {
  name: WaveDecisionName;
  summary: string;
  neededRole: string;
  allowedStages: readonly WaveStage[];
  allowed: boolean;
  fields: DecisionRight['fields'];
}
