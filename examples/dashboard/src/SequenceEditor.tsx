import type { Project, Sequence } from "nexus-sequences";
import { useState } from "preact/hooks";
import { ErrorBox } from "./ErrorBox";
import { FieldError } from "./FieldError";
import { isAbort } from "./errors";

interface Row {
  key: string;
  value: string;
}

/**
 * Rename and edit attributes: one PATCH with the new name (if changed) and the whole attribute
 * map. The SDK's ValidationError is shown under the field it names.
 */
export function SequenceEditor({
  project,
  sequence,
  signal,
  onSaved,
}: {
  project: Project;
  sequence: Sequence;
  signal: AbortSignal;
  onSaved: (sequence: Sequence) => void;
}) {
  const [name, setName] = useState(sequence.name);
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(sequence.attributes.items).map(([key, value]) => ({ key, value })),
  );
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const duplicates = new Set(rows.map((row) => row.key).filter((key, i, keys) => keys.indexOf(key) !== i));
  const setRow = (index: number, change: Partial<Row>) =>
    setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  const save = async (event: Event) => {
    event.preventDefault();
    if (duplicates.size > 0) return;
    setSaving(true);
    setError(null);
    try {
      const patch = {
        name: name === sequence.name ? null : name,
        attributes: Object.fromEntries(rows.map((row) => [row.key, row.value])),
      };
      onSaved(await project.sequences.patch(sequence.id, patch, { signal }));
    } catch (caught) {
      if (isAbort(caught)) return;
      setError(caught);
    }
    setSaving(false);
  };

  return (
    <form class="editor" onSubmit={save} data-testid="editor">
      <label>
        Name
        <input type="text" name="name" value={name} onInput={(event) => setName(event.currentTarget.value)} />
      </label>
      <FieldError error={error} matches={(path) => path === "patch.name"} />

      <fieldset>
        <legend>Attributes</legend>
        {rows.map((row, index) => (
          <div class="attribute" key={index} data-testid="attribute">
            <input
              type="text"
              aria-label="attribute name"
              value={row.key}
              onInput={(event) => setRow(index, { key: event.currentTarget.value })}
            />
            <input
              type="text"
              aria-label="attribute value"
              value={row.value}
              onInput={(event) => setRow(index, { value: event.currentTarget.value })}
            />
            <button type="button" aria-label="remove attribute" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
              ✕
            </button>
            {duplicates.has(row.key) && <p class="field-error">duplicate name</p>}
          </div>
        ))}
        <button type="button" onClick={() => setRows([...rows, { key: "", value: "" }])}>
          Add attribute
        </button>
        <FieldError error={error} matches={(path) => path.startsWith("patch.attributes")} />
      </fieldset>

      <div class="actions">
        <button type="submit" disabled={saving || duplicates.size > 0}>
          {saving ? "Saving…" : "Save"}
        </button>
      </div>
      {error !== null && <ErrorBox error={error} />}
    </form>
  );
}
