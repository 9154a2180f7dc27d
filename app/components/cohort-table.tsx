import type { CSSProperties, ReactNode } from "react";

export const cohortCell: CSSProperties = { padding: "6px 8px", textAlign: "right", whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" };

const VISUALLY_HIDDEN: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0, 0, 0, 0)",
  whiteSpace: "nowrap",
  border: 0,
};

type Props = {
  caption: string;
  headings: string[];
  /** Each row: its header cell (a month, a channel), then the values. */
  rows: Array<{ key: string; header: ReactNode; cells: Array<{ value: ReactNode; style?: CSSProperties; level?: string }> }>;
  testId?: string;
};

/**
 * A plain table with row and column headers for screen readers, in a scroll region that keyboard users can focus
 * (wide cohort tables overflow on small screens).
 */
export function CohortTable({ caption, headings, rows, testId }: Props) {
  return (
    <div role="region" aria-label={caption} tabIndex={0} style={{ overflowX: "auto" }}>
      <table data-testid={testId} style={{ borderCollapse: "collapse", fontSize: "var(--p-font-size-325)" }}>
        {/* The card's heading already says it on screen; the caption names the table for screen readers. */}
        <caption style={VISUALLY_HIDDEN}>{caption}</caption>
        <thead>
          <tr>
            {headings.map((heading, i) => (
              <th key={i} scope="col" style={{ ...cohortCell, textAlign: i === 0 ? "start" : "right" }}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} style={{ borderTop: "1px solid var(--p-color-border-secondary)" }}>
              <th scope="row" style={{ ...cohortCell, textAlign: "start" }}>
                {row.header}
              </th>
              {row.cells.map((cell, i) => (
                <td key={i} data-level={cell.level} style={{ ...cohortCell, ...cell.style }}>
                  {cell.value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
