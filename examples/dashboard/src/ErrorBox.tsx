import { NexusError } from "nexus-sequences";

/** Any error, with what a support request needs: class, HTTP status, code and request id. */
export function ErrorBox({ error }: { error: unknown }) {
  const nexus = error instanceof NexusError ? error : null;
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="error" role="alert" data-testid="error">
      <dl>
        <dt>class</dt>
        <dd data-field="class">{name}</dd>
        <dt>HTTP status</dt>
        <dd data-field="status">{nexus?.status ?? "none"}</dd>
        <dt>code</dt>
        <dd data-field="code">{nexus?.code ?? "none"}</dd>
        <dt>request id</dt>
        <dd data-field="requestId">{nexus?.requestId ?? "none"}</dd>
      </dl>
      <p data-field="message">{message}</p>
    </div>
  );
}
