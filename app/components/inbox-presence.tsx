import { Banner } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PresenceEntry } from "../inquiries/presence.server";

const HEARTBEAT_MS = 5_000;

/**
 * Sends a heartbeat (viewing or replying) while the conversation is open and answers who else is in it. The
 * embedded app's fetch carries the session token (App Bridge adds it to same-origin requests).
 */
export function usePresence(inquiryId: string, replying: boolean): PresenceEntry[] {
  const [others, setOthers] = useState<PresenceEntry[]>([]);
  const state = useRef(replying ? "replying" : "viewing");
  state.current = replying ? "replying" : "viewing";

  useEffect(() => {
    let stopped = false;
    const url = `/app/inbox/${encodeURIComponent(inquiryId)}/presence`;
    const beat = async (value: string) => {
      try {
        const response = await fetch(url, { method: "POST", body: new URLSearchParams({ state: value }) });
        if (!response.ok || stopped) return;
        const body = (await response.json()) as { others: PresenceEntry[] };
        if (!stopped) setOthers(body.others);
      } catch {
        // A missed heartbeat is harmless: the next one follows in a few seconds.
      }
    };
    void beat(state.current);
    const timer = setInterval(() => void beat(state.current), HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      void fetch(url, { method: "POST", body: new URLSearchParams({ state: "left" }), keepalive: true }).catch(() => undefined);
    };
  }, [inquiryId]);

  // Tell the others at once when this agent starts or stops replying.
  useEffect(() => {
    void fetch(`/app/inbox/${encodeURIComponent(inquiryId)}/presence`, { method: "POST", body: new URLSearchParams({ state: replying ? "replying" : "viewing" }) })
      .then(async (response) => (response.ok ? setOthers(((await response.json()) as { others: PresenceEntry[] }).others) : undefined))
      .catch(() => undefined);
  }, [inquiryId, replying]);

  return others;
}

export function PresenceWarning({ others }: { others: PresenceEntry[] }) {
  const { t } = useTranslation();
  if (others.length === 0) return null;
  const replying = others.filter((o) => o.state === "replying");
  const names = (list: PresenceEntry[]) => list.map((o) => o.userName ?? t("inbox.staff")).join(", ");
  return (
    <div role="status" aria-live="polite">
      {replying.length > 0 ? (
        <Banner tone="warning" title={t("inbox.presence.replying", { names: names(replying) })} />
      ) : (
        <Banner tone="info" title={t("inbox.presence.viewing", { names: names(others) })} />
      )}
    </div>
  );
}
