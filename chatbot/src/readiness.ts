/**
 * Whether the service can answer chats yet: the provider's own dependencies resolved (for
 * Bedrock, AWS credentials and a region; see ChatProvider.checkReady). Until then `/readyz`
 * answers 503 with the reason, `/api/info` tells the UI, and chats are refused with that reason
 * instead of each one failing at the model as "unavailable". Draining after SIGTERM (Lifecycle)
 * is the other way to be unready; it is kept apart because it only ever goes one way.
 */
export class Readiness {
  private notReadyReason: string | undefined;

  /** @param reason why the service cannot answer yet; omit it for a service that is ready at once. */
  constructor(reason?: string) {
    this.notReadyReason = reason;
  }

  /** One line saying why chats cannot be answered yet and how to fix it; undefined once ready. */
  get reason(): string | undefined {
    return this.notReadyReason;
  }

  get ready(): boolean {
    return this.notReadyReason === undefined;
  }

  markReady(): void {
    this.notReadyReason = undefined;
  }

  markNotReady(reason: string): void {
    this.notReadyReason = reason;
  }
}
