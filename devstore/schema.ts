/** Shopify's published Admin GraphQL schema, loaded once per process from the introspection JSON. */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

const cache = new Map<string, GraphQLSchema>();

export function loadAdminSchema(schemaDir: string, apiVersion: string): GraphQLSchema {
  const file = path.join(schemaDir, `admin-${apiVersion}.introspection.json.gz`);
  const cached = cache.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) {
    throw new Error(
      `Shopify's Admin schema for ${apiVersion} is missing at ${file}. See ../shared/shopify-admin-schema/SOURCE.md ` +
        "or run scripts/fetch-admin-schema.sh.",
    );
  }
  const intro = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as { data: IntrospectionQuery };
  const schema = buildClientSchema(intro.data);
  cache.set(file, schema);
  return schema;
}
