/** Durations of a set of cycles, in seconds (null when the set is empty). */
export interface DurationStats {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
}

/** A report: one row per bucket, and the total over the whole range. */
export interface Report<T extends { bucket: string }> {
  items: T[];
  total: Omit<T, 'bucket'>;
}

export interface FirstResponseRow extends DurationStats {
  bucket: string;
}

export interface ResolutionStats {
  opened: number;
  resolved: number;
  reopened: number;
  /** resolved / opened (null when nothing opened). */
  resolutionRate: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
}

export interface ResolutionRow extends ResolutionStats {
  bucket: string;
}

export interface CsatStats {
  surveys: number;
  responses: number;
  /** responses / surveys (null when no survey). */
  responseRate: number | null;
  average: number | null;
  /** How many answers gave 1, 2, 3, 4 and 5. */
  scores: number[];
}

export interface CsatRow extends CsatStats {
  bucket: string;
}

export interface VolumeCounts {
  conversations: number;
  inbound: number;
  humanReplies: number;
  botReplies: number;
  firstResponses: number;
  resolved: number;
  reopened: number;
}

export interface VolumeRow extends VolumeCounts {
  bucket: string;
}

/** One weekday x hour-of-day cell of the volume heatmap (weekday 1 is Monday). */
export interface HeatCell {
  weekday: number;
  hour: number;
  inbound: number;
  conversations: number;
}

export interface Heatmap {
  cells: HeatCell[];
}

export interface AgentRow {
  agentId: string;
  /** Conversations assigned to the agent or snoozed with them now. */
  open: number;
  /** Times a conversation was assigned to the agent in the range. */
  assigned: number;
  humanReplies: number;
  firstResponses: number;
  resolved: number;
  meanFirstResponseSeconds: number | null;
}

export interface AgentWorkload {
  items: AgentRow[];
}

export interface RebuildResult {
  conversations: number;
  messages: number;
}

/** A contact's answer to a conversation's CSAT survey (one per resolved cycle). */
export interface CsatAnswer {
  conversationId: string;
  cycle: number;
  score: number;
  comment: string | null;
  answeredAt: string;
}

/** What the widget shows after a close: the survey of the conversation's latest resolution, and the answer if given. */
export interface VisitorSurvey {
  survey: {
    conversationId: string;
    cycle: number;
    question: string;
    answer: { rating: number; comment: string | null; answeredAt: string } | null;
  } | null;
}

/** The CSAT answers of one conversation (one per rated resolution), for the console. */
export interface ConversationCsat {
  answers: CsatAnswer[];
}

/** AI drafts: the agents' verdicts on drafts (from `ai.draft.feedback`). */
export interface AiDraftStats {
  drafts: number;
  accepted: number;
  edited: number;
  rejected: number;
  /** accepted / drafts: sent as drafted (null when no verdict). */
  acceptanceRate: number | null;
  /** (accepted + edited) / drafts: used at all. */
  useRate: number | null;
  /** Mean edit distance of the edited drafts that reported one. */
  meanEditDistance: number | null;
}

export interface AiDraftRow extends AiDraftStats {
  bucket: string;
}
