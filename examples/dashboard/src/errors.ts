import { ValidationError } from "nexus-sequences";

/** True for the rejection of a call whose AbortSignal fired. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** The path of the bad value of a ValidationError (`patch.name`, `actions[0].sequence.ord`), or null. */
export function invalidField(error: unknown): string | null {
  return error instanceof ValidationError ? (error.detail?.field ?? null) : null;
}
