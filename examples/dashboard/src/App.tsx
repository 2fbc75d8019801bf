import { useState } from "preact/hooks";
import { BulkPanel } from "./BulkPanel";
import { ConnectForm } from "./ConnectForm";
import {
  type Connection,
  DEMO_SETTINGS,
  connect,
  endpointOf,
  forgetSettings,
  saveSettings,
  savedSettings,
} from "./connection";
import { SequenceDetail } from "./SequenceDetail";
import { SequenceTable, type TableQuery } from "./SequenceTable";

type View = { kind: "table" } | { kind: "detail"; sequenceId: string } | { kind: "bulk" };

/** Reconnects with this tab's saved settings, if they are still valid. */
function restore(): Connection | null {
  const settings = savedSettings();
  if (settings === null) return null;
  try {
    return connect(settings);
  } catch {
    forgetSettings();
    return null;
  }
}

export function App() {
  const [connection, setConnection] = useState(restore);
  const [view, setView] = useState<View>({ kind: "table" });
  const [query, setQuery] = useState<TableQuery>({ limit: 100, name: null, page: null });
  const [notice, setNotice] = useState<string | null>(null);
  const show = (next: View) => {
    setNotice(null);
    setView(next);
  };

  if (connection === null) {
    return (
      <main>
        <h1>Nexus sequences</h1>
        <ConnectForm
          initial={savedSettings() ?? DEMO_SETTINGS}
          onConnect={(next) => {
            saveSettings(next.settings);
            setConnection(next);
            show({ kind: "table" });
          }}
        />
      </main>
    );
  }

  const { project, settings } = connection;
  return (
    <main>
      <header>
        <h1>Nexus sequences</h1>
        <nav>
          <button type="button" aria-pressed={view.kind !== "bulk"} onClick={() => show({ kind: "table" })}>
            Sequences
          </button>
          <button type="button" aria-pressed={view.kind === "bulk"} onClick={() => show({ kind: "bulk" })}>
            Bulk
          </button>
        </nav>
        <span class="where mono" title={endpointOf(settings)}>
          {project.id}
        </span>
        <button
          type="button"
          onClick={() => {
            forgetSettings();
            connection.client.free();
            setConnection(null);
          }}
        >
          Disconnect
        </button>
      </header>
      {notice !== null && (
        <p class="notice" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      {view.kind === "table" && (
        <SequenceTable
          project={project}
          query={query}
          onQuery={setQuery}
          onOpen={(sequenceId) => show({ kind: "detail", sequenceId })}
        />
      )}
      {view.kind === "detail" && (
        <SequenceDetail
          project={project}
          sequenceId={view.sequenceId}
          onBack={() => show({ kind: "table" })}
          onDeleted={(name) => {
            show({ kind: "table" });
            setNotice(`Deleted ${name}.`);
          }}
        />
      )}
      {view.kind === "bulk" && <BulkPanel project={project} />}
    </main>
  );
}
