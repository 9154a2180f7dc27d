/** Timestamps as Shopify's REST payloads show them: local time in the shop's zone with its offset. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "2026-11-20T01:15:00.000Z" in Asia/Tokyo -> "2026-11-20T10:15:00+09:00". Null stays null. */
export function shopTime(iso: string | null | undefined, timeZone: string): string | null {
  if (!iso) return null;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(iso))) parts[p.type] = p.value;
  const offsetMatch = /GMT([+-]\d{2}:\d{2})?/.exec(parts.timeZoneName ?? "");
  const offset = offsetMatch?.[1] ?? "+00:00";
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
