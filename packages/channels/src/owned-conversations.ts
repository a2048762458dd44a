const TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;

/**
 * The message route's ownership check, remembered per host: which visitor owns which conversation, and
 * the conversation's thread key, both fixed once recorded. Only a conversation can go (retention
 * deletes closed conversations at least a day after they closed), so an entry lives 60 s: it was filled
 * by a visitor who could write then, and the message it then carried reopened the conversation.
 */
export class OwnedConversations {
  private readonly entries = new Map<string, { threadKey: string; at: number }>();

  get(tenantId: string, visitorKey: string, conversationId: string): string | undefined {
    const hit = this.entries.get(`${tenantId}:${visitorKey}:${conversationId}`);
    return hit && Date.now() - hit.at < TTL_MS ? hit.threadKey : undefined;
  }

  set(tenantId: string, visitorKey: string, conversationId: string, threadKey: string): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(`${tenantId}:${visitorKey}:${conversationId}`, { threadKey, at: Date.now() });
  }
}
