import type { Project, Sequence } from "nexus-sequences";
import { useState } from "preact/hooks";
import { ErrorBox } from "./ErrorBox";
import { isAbort } from "./errors";

/** Delete, after a confirmation that names the sequence. */
export function DeleteSequence({
  project,
  sequence,
  signal,
  onDeleted,
}: {
  project: Project;
  sequence: Sequence;
  signal: AbortSignal;
  onDeleted: () => void;
}) {
  const [stage, setStage] = useState<"idle" | "confirm" | "deleting">("idle");
  const [error, setError] = useState<unknown>(null);

  const remove = async () => {
    setStage("deleting");
    setError(null);
    try {
      await project.sequences.delete(sequence.id, { signal });
      onDeleted();
    } catch (caught) {
      if (isAbort(caught)) return;
      setError(caught);
      setStage("confirm");
    }
  };

  return (
    <div class="delete" data-testid="delete">
      {stage === "idle" ? (
        <button type="button" class="danger" onClick={() => setStage("confirm")}>
          Delete…
        </button>
      ) : (
        <div class="confirm" role="alertdialog" aria-label="confirm delete">
          <span>
            Delete <strong>{sequence.name}</strong>? Its {sequence.length} assets stay in the project.
          </span>
          <button type="button" class="danger" disabled={stage === "deleting"} onClick={remove}>
            {stage === "deleting" ? "Deleting…" : "Delete"}
          </button>
          <button type="button" disabled={stage === "deleting"} onClick={() => setStage("idle")}>
            Cancel
          </button>
        </div>
      )}
      {error !== null && <ErrorBox error={error} />}
    </div>
  );
}
