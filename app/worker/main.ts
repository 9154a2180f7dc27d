/** The worker as its own process (`npm run worker`), for deployments that run web and worker separately. */
import { startWorker } from "./worker.server";

const worker = startWorker();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void worker.stop().then(() => process.exit(0));
  });
}
