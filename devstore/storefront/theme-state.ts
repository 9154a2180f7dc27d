/**
 * What a merchant does in the theme editor, per dev store shop: turn the app embed or an app block on or off, change
 * a block's settings, choose the template a block sits on. Kept in memory (a dev store restart is a fresh theme), set
 * through the control API (PUT /_control/shops/:shop/theme/blocks/:block) by tests, benchmarks and demos.
 */
import { z } from "zod";
import type { ThemeBlock } from "./liquid";

export const BlockStateBody = z.strictObject({
  enabled: z.boolean().optional(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** Template of an app block ("product", "page.contact"); app embeds ignore it. */
  template: z.string().regex(/^[a-z_]+(?:\.[a-z0-9_-]+)?$/).optional(),
});
export type BlockState = z.infer<typeof BlockStateBody>;

/** Where an app block sits until told otherwise: the inquiry form on the contact page, anything else on products. */
const DEFAULT_TEMPLATES: Record<string, string> = { "inquiry-form": "page.contact" };

const shops = new Map<string, Map<string, BlockState>>();

export function setBlockState(shop: string, handle: string, state: BlockState): BlockState {
  const blocks = shops.get(shop) ?? new Map<string, BlockState>();
  const previous = blocks.get(handle) ?? {};
  const next: BlockState = {
    ...previous,
    ...state,
    settings: state.settings === undefined ? previous.settings : { ...previous.settings, ...state.settings },
  };
  blocks.set(handle, next);
  shops.set(shop, blocks);
  return next;
}

export function resetThemeState(shop: string): void {
  shops.delete(shop);
}

export function themeState(shop: string): Record<string, BlockState> {
  return Object.fromEntries(shops.get(shop) ?? []);
}

export function blockTemplate(shop: string, handle: string): string {
  return shops.get(shop)?.get(handle)?.template ?? DEFAULT_TEMPLATES[handle] ?? "product";
}

/** The shop's enabled blocks with the merchant's settings over the schema defaults. */
export function applyThemeState(shop: string, blocks: ThemeBlock[]): ThemeBlock[] {
  const states = shops.get(shop);
  if (!states) return blocks;
  return blocks
    .filter((block) => states.get(block.handle)?.enabled !== false)
    .map((block) => {
      const settings = states.get(block.handle)?.settings;
      return settings ? { ...block, settings: { ...block.settings, ...settings } } : block;
    });
}
