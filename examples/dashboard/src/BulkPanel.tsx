import {
  type Project,
  type SequenceBulkUpdateAction,
  SequenceBulkUpdateAbortMode,
  SequenceBulkUpdateResult,
  SequenceMergeMode,
} from "nexus-sequences";
import { useState } from "preact/hooks";
import { ErrorBox } from "./ErrorBox";
import { FieldError } from "./FieldError";
import { isAbort } from "./errors";
import { useViewSignal } from "./useViewSignal";

interface Form {
  filenames: string;
  sequenceName: string;
  role: string;
  ord: string;
  merge: SequenceMergeMode;
  abortMode: SequenceBulkUpdateAbortMode;
}

interface Outcome {
  operation: "Link" | "Unlink";
  abortMode: SequenceBulkUpdateAbortMode;
  filenames: string[];
  results: SequenceBulkUpdateResult[] | null;
  error: unknown;
}

const INITIAL: Form = {
  filenames: "",
  sequenceName: "",
  role: "",
  ord: "",
  merge: SequenceMergeMode.REPLACE_EXISTING_ENTRY,
  abortMode: SequenceBulkUpdateAbortMode.NONE,
};

/** One Link action per filename, into consecutive ords from `ord` (or the next free ones). */
function linkActions(form: Form, filenames: string[]): SequenceBulkUpdateAction[] {
  const start = form.ord.trim() === "" ? null : Number(form.ord);
  return filenames.map((assetFilename, i) => ({
    kind: "Link",
    assetFilename,
    sequence: {
      name: form.sequenceName,
      merge: form.merge,
      role: form.role === "" ? null : form.role,
      ord: start === null ? null : start + i, // not checked here: the SDK's ValidationError says what is wrong
    },
  }));
}

function summary(results: SequenceBulkUpdateResult[], abortMode: SequenceBulkUpdateAbortMode): string {
  if (results.every((result) => result === SequenceBulkUpdateResult.OK)) return "every action applied";
  if (abortMode === SequenceBulkUpdateAbortMode.ABORT_ON_ANY_FAILED) return "nothing applied (AbortOnAnyFailed)";
  return "the actions marked Ok were applied";
}

/** Bulk link and unlink of assets by filename; each action's result next to its filename. */
export function BulkPanel({ project }: { project: Project }) {
  const signal = useViewSignal();
  const [form, setForm] = useState(INITIAL);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [finished, setFinished] = useState(0); // runs answered so far (data-finished, for tests)
  const input = (name: "filenames" | "sequenceName" | "role" | "ord") => ({
    name,
    value: form[name],
    onInput: (event: Event) => setForm({ ...form, [name]: (event.currentTarget as HTMLInputElement).value }),
  });

  const run = async (operation: Outcome["operation"]) => {
    const filenames = form.filenames.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
    const actions: SequenceBulkUpdateAction[] =
      operation === "Link"
        ? linkActions(form, filenames)
        : filenames.map((assetFilename) => ({ kind: "Link", assetFilename, sequence: "Unset" }));
    setRunning(true);
    setOutcome(null);
    try {
      const response = await project.sequences.bulkUpdate(actions, form.abortMode, { signal });
      setOutcome({ operation, abortMode: form.abortMode, filenames, results: response.actions, error: null });
    } catch (error) {
      if (isAbort(error)) return;
      setOutcome({ operation, abortMode: form.abortMode, filenames, results: null, error });
    }
    setRunning(false);
    setFinished((n) => n + 1);
  };
  const error = outcome?.error ?? null;

  return (
    <section class="card bulk" data-testid="bulk" data-finished={finished} aria-busy={running}>
      <h2>Bulk link and unlink</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run("Link");
        }}
      >
        <label>
          Asset filenames, one per line
          <textarea rows={5} placeholder={"image_0.jpg\nimage_1.jpg"} {...input("filenames")} />
        </label>
        <FieldError error={error} matches={(path) => /^actions\[\d+\]\.asset/.test(path)} />
        <div class="row">
          <label>
            Sequence name
            <input type="text" {...input("sequenceName")} />
          </label>
          <label>
            Role
            <input type="text" placeholder="none" {...input("role")} />
          </label>
          <label>
            First ord
            <input type="text" inputMode="numeric" placeholder="next free" {...input("ord")} />
          </label>
        </div>
        <FieldError error={error} matches={(path) => /^actions\[\d+\]\.sequence\.name/.test(path)} />
        <FieldError error={error} matches={(path) => /^actions\[\d+\]\.sequence\.role/.test(path)} />
        <FieldError error={error} matches={(path) => /^actions\[\d+\]\.sequence\.ord/.test(path)} />
        <div class="row">
          <label>
            Merge
            <select
              name="merge"
              value={form.merge}
              onChange={(event) => setForm({ ...form, merge: event.currentTarget.value as SequenceMergeMode })}
            >
              {Object.values(SequenceMergeMode).map((mode) => (
                <option key={mode} value={mode}>
                  {mode}
                </option>
              ))}
            </select>
          </label>
          <label>
            Abort mode
            <select
              name="abortMode"
              value={form.abortMode}
              onChange={(event) =>
                setForm({ ...form, abortMode: event.currentTarget.value as SequenceBulkUpdateAbortMode })
              }
            >
              {Object.values(SequenceBulkUpdateAbortMode).map((mode) => (
                <option key={mode} value={mode}>
                  {mode}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div class="actions">
          <button type="submit" disabled={running}>
            Link
          </button>
          <button type="button" disabled={running} onClick={() => void run("Unlink")}>
            Unlink
          </button>
          {running && <span class="status">Running…</span>}
        </div>
      </form>

      {outcome?.results && (
        <div data-testid="bulk-results">
          <p class="status">
            {outcome.operation}: {summary(outcome.results, outcome.abortMode)}
          </p>
          <table class="results">
            <tbody>
              {outcome.filenames.map((filename, i) => {
                const result = outcome.results?.[i];
                return (
                  <tr key={i} data-testid="bulk-result">
                    <td class="mono">{filename}</td>
                    <td class={result === SequenceBulkUpdateResult.OK ? "ok" : "failed"} data-field="result">
                      {result}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && <ErrorBox error={error} />}
    </section>
  );
}
