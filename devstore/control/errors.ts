/** One place maps dev store errors to HTTP: invalid bodies 400, unknown shops/resources 404, refused changes 422. */
import type { NextFunction, Request, Response } from "express";
import { ZodError } from "zod";
import { DevstoreError } from "../store/errors";

export type FieldError = { field: string | null; message: string };

function assertUnreachable(x: never): never {
  throw new Error(`Unhandled error code ${String(x)}`);
}

export function controlErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  if (err instanceof ZodError) {
    const errors: FieldError[] = err.issues.map((i) => ({ field: i.path.join(".") || null, message: i.message }));
    res.status(400).json({ errors });
    return;
  }
  if (err instanceof SyntaxError && "body" in err) {
    res.status(400).json({ errors: [{ field: null, message: "Body is not valid JSON" }] });
    return;
  }
  if (err instanceof DevstoreError) {
    const body = { errors: [{ field: err.field ?? null, message: err.message }] };
    switch (err.code) {
      case "NOT_FOUND":
        res.status(404).json(body);
        return;
      case "INVALID":
        res.status(422).json(body);
        return;
      default:
        assertUnreachable(err.code);
    }
  }
  console.error("[devstore control] unexpected error", err);
  res.status(500).json({ errors: [{ field: null, message: "Internal error" }] });
}
