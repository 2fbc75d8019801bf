import type { Project } from "nexus-sequences";
import { BytesBar } from "./BytesBar";
import { DeleteSequence } from "./DeleteSequence";
import { ErrorBox } from "./ErrorBox";
import { formatTime } from "./format";
import { ItemsByRole } from "./ItemsByRole";
import { SequenceEditor } from "./SequenceEditor";
import { useLoad } from "./useLoad";
import { useViewSignal } from "./useViewSignal";

/** One sequence: its items by role, its attributes (editable), rename and delete. */
export function SequenceDetail({
  project,
  sequenceId,
  onBack,
  onDeleted,
}: {
  project: Project;
  sequenceId: string;
  onBack: () => void;
  onDeleted: (name: string) => void;
}) {
  const signal = useViewSignal();
  const { state, replace } = useLoad(
    (loadSignal) => project.sequences.get(sequenceId, { signal: loadSignal }),
    [project, sequenceId],
  );

  return (
    <section class="card detail" data-testid="detail" data-state={state.status} aria-busy={state.status === "loading"}>
      <button type="button" class="back" onClick={onBack}>
        ← Sequences
      </button>
      {state.status === "loading" && <p class="status">Loading…</p>}
      {state.status === "failed" && <ErrorBox error={state.error} />}
      {state.status === "ready" && (
        <>
          <h2 data-testid="detail-name">{state.value.name}</h2>
          <p class="meta">
            <span class="mono">{state.value.id}</span> · {state.value.length} items · created{" "}
            {formatTime(state.value.createDate)} · changed {formatTime(state.value.updateDate)}
          </p>
          <div class="columns">
            <div>
              <h3>Items</h3>
              <ItemsByRole items={state.value.items} />
            </div>
            <div>
              <h3>Attributes</h3>
              <BytesBar attributes={state.value.attributes} />
              <SequenceEditor
                key={state.value.updateDate}
                project={project}
                sequence={state.value}
                signal={signal}
                onSaved={replace}
              />
              <DeleteSequence
                project={project}
                sequence={state.value}
                signal={signal}
                onDeleted={() => onDeleted(state.value.name)}
              />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
