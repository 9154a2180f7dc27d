/** The app's name and admin handle, from shopify.app.toml (the admin shows the name and routes by the handle). */
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";

export type AppInfo = { name: string; handle: string };

const AppTomlSchema = z.object({ name: z.string().default("Tsunagu"), handle: z.string().default("tsunagu") });

const TOML = path.resolve(import.meta.dirname, "..", "..", "shopify.app.toml");

export function readAppInfo(file = TOML): AppInfo {
  try {
    return AppTomlSchema.parse(parse(fs.readFileSync(file, "utf8")));
  } catch {
    return { name: "Tsunagu", handle: "tsunagu" };
  }
}
