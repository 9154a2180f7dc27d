import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Future {
    v3_singleFetch: true;
  }
}

// Under `shopify app dev` the app is reached through a tunnel at SHOPIFY_APP_URL: allow that host and run HMR over it.
const appHost = new URL(process.env.SHOPIFY_APP_URL ?? "http://localhost").hostname;
const local = appHost === "localhost" || appHost === "127.0.0.1";

export default defineConfig({
  server: {
    host: local ? "127.0.0.1" : "localhost",
    port: Number(process.env.PORT ?? 3000),
    allowedHosts: local ? [] : [appHost],
    hmr: local
      ? { protocol: "ws", host: "localhost", port: 64999, clientPort: 64999 }
      : { protocol: "wss", host: appHost, port: Number(process.env.FRONTEND_PORT ?? 8002), clientPort: 443 },
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: false,
      },
    }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
});
