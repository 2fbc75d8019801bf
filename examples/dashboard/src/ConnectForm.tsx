import { useState } from "preact/hooks";
import { type Connection, type ConnectionSettings, connect } from "./connection";
import { ErrorBox } from "./ErrorBox";
import { FieldError } from "./FieldError";

/** Endpoint, secret key and project id; prefilled for the local emulator's demo project. */
export function ConnectForm({ initial, onConnect }: { initial: ConnectionSettings; onConnect: (c: Connection) => void }) {
  const [settings, setSettings] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const field = (name: keyof ConnectionSettings) => ({
    name,
    value: settings[name],
    onInput: (event: Event) => setSettings({ ...settings, [name]: (event.currentTarget as HTMLInputElement).value }),
  });

  const submit = (event: Event) => {
    event.preventDefault(); // never a GET submit: the key must not reach the URL
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
        Endpoint
        <input type="url" required {...field("endpoint")} />
      </label>
      <FieldError error={error} matches={(path) => path.includes("endpoint")} />
      <label>
        Secret key
        <input type="password" required autocomplete="off" {...field("secretKey")} />
      </label>
      <FieldError error={error} matches={(path) => path.startsWith("secretKey")} />
      <label>
        Project id
        <input type="text" required {...field("projectId")} />
      </label>
      <FieldError error={error} matches={(path) => path.startsWith("projectId")} />
      <p class="hint">The key is kept in this tab's session storage only.</p>
      <button type="submit">Connect</button>
      {error !== null && <ErrorBox error={error} />}
    </form>
  );
}
