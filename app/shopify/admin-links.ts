/** App Bridge's deep link into Shopify admin for a resource, from its gid: a click opens it in the admin. */
export function adminUrl(resource: "orders" | "customers" | "products", gid: string): string {
  return `shopify://admin/${resource}/${gid.split("/").pop()}`;
}
