/** What a webhook handler reports. processed: the app acted on it; skipped: nothing to do (stale, or no feature uses it). */
export type HandlerOutcome = { status: "processed" | "skipped"; note?: string };
