/** Errors a caller can fix: the control API maps NOT_FOUND to 404 and INVALID to 422 (one switch, control/errors.ts). */
export type DevstoreErrorCode = "NOT_FOUND" | "INVALID";

export class DevstoreError extends Error {
  override readonly name = "DevstoreError";
  constructor(
    readonly code: DevstoreErrorCode,
    message: string,
    /** Input field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function notFound(what: string, id: string | number): DevstoreError {
  return new DevstoreError("NOT_FOUND", `${what} ${id} not found`);
}

export function invalid(message: string, field?: string): DevstoreError {
  return new DevstoreError("INVALID", message, field);
}
