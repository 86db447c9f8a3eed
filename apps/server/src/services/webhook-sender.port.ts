/** What the webhook services need from the outbound HTTP side; implemented by adapters/webhooks. */
export interface WebhookSenderPort {
  /**
   * Resolves the URL's host and throws unless every address may receive webhooks (public, or in the
   * operator's allow-list): an error named `AddressRefusedError` when an address is refused.
   */
  checkDestination(url: string): Promise<void>;
  /** One signed POST with the resolved address pinned; never throws. */
  send(request: { url: string; body: string; headers: Record<string, string> }): Promise<{
    statusCode: number | null;
    responseSnippet: string | null;
    error: string | null;
    refused: boolean;
    durationMs: number;
  }>;
}
