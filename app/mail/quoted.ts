/**
 * Strips the quoted history a mail client appends below a reply, so the conversation shows what the shopper wrote
 * this time. Only where the cut is reliable: a known attribution line or separator after which nothing new follows.
 * When unsure (inline answers between quoted lines, nothing left above the cut) the full text is kept.
 */

const ATTRIBUTION_PATTERNS: RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Mon, 23 Nov 2026 at 10:00, Hanako <h@example.jp> wrote:"
  /^On\s.+\swrote:\s*$/i,
  // Outlook and many Japanese clients: "-----Original Message-----" / "-----元のメッセージ-----"
  /^-{2,}\s*(Original Message|元のメッセージ|Forwarded message|転送メッセージ)\s*-{2,}\s*$/i,
  // Japanese clients: "山田 花子さんは書きました:", "2026年11月23日(月) 10:00 山田花子 <h@example.jp>:"
  /^.+は書きました\s*[:：]\s*$/,
  /^\d{4}年\d{1,2}月\d{1,2}日.*<[^<>\s]+@[^<>\s]+>\s*(のメッセージ)?\s*[:：]?\s*$/,
  // Outlook's header block in a reply: "From: ... " followed by Sent/Date lines.
  /^_{10,}\s*$/,
];

function isAttribution(line: string): boolean {
  return ATTRIBUTION_PATTERNS.some((pattern) => pattern.test(line.trim()));
}

const isQuoted = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string) => line.trim() === "";

/** The reply without the quoted history below it, or the full text when the cut would not be reliable. */
export function stripQuotedHistory(text: string): string {
  const normalized = text.replace(/\r\n?/g, "\n");
  const lines = normalized.split("\n");
  let cut = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Some clients wrap the English attribution over two lines ("On …, Hanako <h@example.jp>\nwrote:").
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    if (isAttribution(line)) {
      cut = i;
      break;
    }
    if (/^On\s/i.test(line.trim()) && /^wrote:\s*$/i.test((lines[i + 1] ?? "").trim()) && isAttribution(joined)) {
      cut = i;
      break;
    }
    if (isQuoted(line)) {
      // A quoted block counts as history only when nothing but quoted or blank lines follows it.
      if (lines.slice(i).every((rest) => isQuoted(rest) || isBlank(rest))) cut = i;
      break;
    }
  }
  if (cut < 0) return normalized.trim();
  const kept = lines.slice(0, cut).join("\n").trim();
  return kept === "" ? normalized.trim() : kept;
}
