import { useState } from "preact/hooks";
import { type Connection, type ConnectionMode, type ConnectionSettings, connect } from "./connection";
import { ErrorBox } from "./ErrorBox";
import { FieldError } from "./FieldError";

/**
 * The project id, and how to reach it: through this dashboard's server (the default; the key
 * stays there) or, as an explicit choice for local use, with an endpoint and a key typed here.
 */
export function ConnectForm({ initial, onConnect }: { initial: ConnectionSettings; onConnect: (c: Connection) => void }) {
  const [settings, setSettings] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const field = (name: "endpoint" | "secretKey" | "projectId") => ({
    name,
    value: settings[name],
    onInput: (event: Event) => setSettings({ ...settings, [name]: (event.currentTarget as HTMLInputElement).value }),
  });
  const withKey = settings.mode === "key";

  const submit = (event: Event) => {
    event.preventDefault(); // never a GET submit: a key must not reach the URL
    try {
      onConnect(connect(settings));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <form class="card connect" onSubmit={submit} data-testid="connect">
      <h2>Connect</h2>
      <label>
        Connect through
        <select
          name="mode"
          value={settings.mode}
          onChange={(event) => setSettings({ ...settings, mode: event.currentTarget.value as ConnectionMode })}
        >
          <option value="proxy">this dashboard's server (the key stays there)</option>
          <option value="key">a key typed into this page (local use only)</option>
        </select>
      </label>
      {withKey && (
        <>
          <label>
            Endpoint
            <input type="url" required {...field("endpoint")} />
          </label>
          <FieldError error={error} matches={(path) => path.includes("endpoint")} />
          <label>
            Secret key
            <input type="password" required autocomplete="off" {...field("secretKey")} />
          </label>
          <FieldError error={error} matches={(path) => path.startsWith("secretKey")} />
        </>
      )}
      <label>
        Project id
        <input type="text" required {...field("projectId")} />
      </label>
      <FieldError error={error} matches={(path) => path.startsWith("projectId")} />
      <p class="hint">
        {withKey
          ? "The key is kept in this tab's session storage only. Anyone who can open this page can read it: use this mode only on your own machine."
          : "This page holds no key: its server adds it to the requests it forwards."}
      </p>
      <button type="submit">Connect</button>
      {error !== null && <ErrorBox error={error} />}
    </form>
  );
}
