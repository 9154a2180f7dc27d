/**
 * `records(db)` prepares ~20 statements per call; resolvers look records up per node, so the Admin API keeps one
 * instance per database (prepared statements are meant to be reused).
 */
import type Database from "better-sqlite3";
import { type Records, records } from "../store/db";

const cache = new WeakMap<Database.Database, Records>();

export function recordsOf(db: Database.Database): Records {
  let r = cache.get(db);
  if (!r) {
    r = records(db);
    cache.set(db, r);
  }
  return r;
}
