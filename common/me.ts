import type { DecisionName } from './decisions';
import type { ProtectionDecisionName } from './protection-decisions';
import type { ProtectionStage } from './protection-stages';
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
  fields: DecisionField[];
}

/** One field of a decision's payload; `choices` when it takes one of a few values. */
export interface DecisionField {
  name: string;
  required: boolean;
  help: string;
  choices?: string[];
}

/** A protection decision as `GET /v1/me` describes it (the console's DR forms); only its text and choice fields. */
export type ProtectionDecisionRight = Omit<DecisionRight, 'name' | 'allowedStages'> & {
  name: ProtectionDecisionName;
  allowedStages: readonly ProtectionStage[];
  /** Under four-eyes, whoever started the protection may not take this decision. */
  fourEyes: boolean;
};

/** `GET /v1/me`: who the bearer token speaks for. */
export interface Me {
  name: string;
  roles: string[];
  decisions: DecisionRight[];
  /** The wave decisions, likewise (api/wave-rights.ts). */
  waveDecisions: WaveDecisionRight[];
  /** The protection decisions, likewise. */
  protectionDecisions: ProtectionDecisionRight[];
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
