import { invalidField } from "./errors";

/**
 * The message of a ValidationError, under the input it is about: shown when the error's
 * field path satisfies `matches`.
 */
export function FieldError({ error, matches }: { error: unknown; matches: (field: string) => boolean }) {
  const field = invalidField(error);
  if (field === null || !matches(field) || !(error instanceof Error)) return null;
  return (
    <p class="field-error" data-testid="field-error" data-path={field}>
      {error.message}
    </p>
  );
}
