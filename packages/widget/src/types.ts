/** What the widget shows: messages as the host's `/widget/v1` API and `/widget` socket send them. */
export interface Component {
  type: string;
  text?: string;
  [key: string]: unknown;
}

export interface PublicMessage {
  id: string;
  seq: number;
  author: 'visitor' | 'agent' | 'bot' | 'system';
  agentId?: string;
  text: string;
  components?: Component[];
  attachments?: { name: string; contentType: string; size: number; url?: string }[];
  createdAt: string;
}

export interface Envelope {
  topic: string;
  tenantId: string;
  /** The host room: `conversation:<id>`. */
  room?: string;
  seq?: number;
  payload: Record<string, unknown>;
  at: string;
}

export interface Appearance {
  title: string;
  greeting: string;
  color: string;
  position: 'right' | 'left';
  textColor?: string;
  replyTime?: 'minutes' | 'hour' | 'hours' | 'day';
  /** False out of the site's office hours: the widget asks for an email. */
  open?: boolean;
  preChat?: { name: 'off' | 'optional' | 'required'; email: 'off' | 'optional' | 'required' };
  /** What the site lets a visitor upload (shown before an upload). */
  uploads?: { maxBytes: number; types: string[] };
}

export interface Identity {
  userId: string;
  hash: string;
  name?: string;
  email?: string;
}
