// A typed walk through the whole public surface of nexus-sequences. It is only type-checked
// (tsc --strict --noEmit -p tests/types), never run: the package smoke tests run the package.
import {
  BadRequestError,
  Client,
  ConflictError,
  ForbiddenError,
  GatewayTimeoutError,
  InternalServerError,
  NetworkConnectionError,
  NexusError,
  NotFoundError,
  Project,
  RequestTimeoutError,
  ResponseDecodeError,
  SequenceBulkUpdateAbortMode,
  SequenceBulkUpdateActionKind,
  SequenceBulkUpdateResult,
  SequenceIterator,
  SequenceMergeMode,
  Sequences,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from "nexus-sequences";
import type {
  BulkUpdateRequestOptions,
  ClientOptions,
  DeleteSequenceResponse,
  LinkAction,
  Page,
  Pagination,
  PatchSequenceAction,
  RemoveSequenceAction,
  RequestOptions,
  Sequence,
  SequenceAttributes,
  SequenceBulkUpdateAction,
  SequenceBulkUpdateResponse,
  SequenceFilters,
  SequenceItem,
  SequenceLink,
  SequencePage,
  SequencePatch,
  IterateOptions,
} from "nexus-sequences";

const controller = new AbortController();
const clientOptions: ClientOptions = {
  endpoint: "http://127.0.0.1:4100",
  maxRetries: 2,
  timeoutMs: 10_000,
  signal: controller.signal,
  allowInsecureHttp: false,
};
const client: Client = new Client("5aa41e8ba0c0ffee", clientOptions);
const project: Project = client.getProject("b705a0000000000000000000000000");
const projectId: string = project.id;
const sequences: Sequences = project.sequences;

/** Collects every sequence's name, one page of `limit` at a time, by following cursors. */
async function allNames(limit: number, filters: SequenceFilters): Promise<string[]> {
  const names: string[] = [];
  let pagination: Pagination = { limit };
  for (;;) {
    const page: SequencePage = await sequences.list(pagination, filters, { timeoutMs: 5_000 });
    names.push(...page.data.map((sequence) => sequence.name));
    if (page.nextPage === null) return names;
    pagination = { limit, page: page.nextPage };
  }
}

/** Describes a sequence: reads every field of Sequence and its parts. */
function describe(sequence: Sequence): string {
  const items: SequenceItem[] = sequence.items;
  const roles = items.map((item) => `${item.assetId}@${item.role ?? "-"}#${item.ord}`);
  const attributes: SequenceAttributes = sequence.attributes;
  const age: string | undefined = attributes.items["age"];
  const sagittal: number | undefined = sequence.itemCountWithRole["Sagittal"];
  const when = new Date(sequence.updateDate).getTime() - sequence.createDate;
  return [sequence.id, sequence.projectId, sequence.length, roles.join(","), age, sagittal, when,
    `${attributes.bytesUsed}/${attributes.bytesTotal}`].join(" ");
}

async function walkThrough(): Promise<void> {
  const options: RequestOptions = { signal: controller.signal, maxRetries: 0 };
  const first: Page<Sequence> = await sequences.list({ limit: 20 });
  const byName = await sequences.list({ limit: 2, page: first.nextPage }, { name: "Patient A" }, options);
  const sequenceId = byName.data[0]?.id ?? "seq_missing";

  const one: Sequence = await sequences.get(sequenceId, options);
  const patch: SequencePatch = { name: "Patient A", attributes: { age: 20, consent: true, site: "B" } };
  const patched: Sequence = await sequences.patch(one.id, patch);
  await sequences.patch(one.id, { name: null, attributes: null });
  const deleted: DeleteSequenceResponse = await sequences.delete(patched.id);
  const wasDeleted: true = deleted.deleted;

  const link: SequenceLink = { name: "Patient A", merge: SequenceMergeMode.REJECT_SEQUENCE_OPERATION, ord: 1, role: "Sagittal" };
  const linkAction: LinkAction = { kind: SequenceBulkUpdateActionKind.LINK, assetId: "asset_1", sequence: link };
  const patchAction: PatchSequenceAction = { kind: "PatchSequence", sequenceName: "Patient A", patch: { attributes: { age: "21" } } };
  const removeAction: RemoveSequenceAction = { kind: "RemoveSequence", sequenceId: "seq_1" };
  const actions: SequenceBulkUpdateAction[] = [
    linkAction,
    { kind: "Link", assetFilename: "image_1.jpg", sequence: { name: "Patient B", ord: null, role: null } },
    { kind: "Link", assetId: "asset_2", sequence: "Unset" },
    patchAction,
    removeAction,
    // The Python SDK's snake_case keys, and actions whose kind follows from their keys.
    { asset_filename: "image_2.jpg", sequence: { name: "Patient B", merge: "ReplaceExistingEntry" } },
    { asset_id: "asset_3" },
    { sequence_name: "Patient B", patch: { name: "Patient C" } },
    { sequence_id: "seq_2" },
  ];
  const bulkOptions: BulkUpdateRequestOptions = { idempotencyKey: "import-2024-01-17", maxRetries: 5 };
  const response: SequenceBulkUpdateResponse = await sequences.bulkUpdate(
    actions,
    SequenceBulkUpdateAbortMode.ABORT_ON_ANY_FAILED,
    bulkOptions,
  );
  const failed = response.actions.filter((result) => result !== SequenceBulkUpdateResult.OK);
  const overwrite: SequenceBulkUpdateResult = SequenceBulkUpdateResult.FAILED_LINK_WOULD_OVERWRITE_EXISTING_ITEM;
  await sequences.bulkUpdate([{ sequenceName: "Patient C" }]);
  await sequences.bulkUpdate([removeAction], "None");

  const iterator: SequenceIterator = sequences.iterate({ limit: 100 }, { name: "Patient C" }, options);
  for await (const sequence of iterator) {
    console.log(describe(sequence));
    break;
  }
  const next: IteratorResult<Sequence, undefined> = await sequences.iterate().next();
  const page: IteratorResult<Sequence[], undefined> = await sequences.iterate().nextPage();
  if (!page.done) void page.value[0]?.id;
  if (!next.done) console.log(next.value.name);
  await sequences.iterate().return();
  const walkOptions: IterateOptions = { readAhead: 3, signal: controller.signal, maxRetries: 1 };
  for await (const sequence of sequences.iterate({ limit: 1000 }, {}, walkOptions)) void sequence.id;

  console.log(projectId, wasDeleted, failed.length, overwrite, await allNames(50, {}));
  client.free();
}

/** Tells every error class apart and reads the fields they share. */
function explain(error: unknown): string {
  if (!(error instanceof NexusError)) return String(error);
  const status: number | null = error.status;
  const code: string = error.code;
  const requestId: string | null = error.requestId;
  const detail: unknown = error.detail;
  const head = `${error.name} ${status ?? "-"} ${code} ${requestId ?? "-"} ${JSON.stringify(detail)}`;
  if (error instanceof ValidationError) return `fix the input: ${error.message}`;
  if (error instanceof UnauthorizedError || error instanceof ForbiddenError) return `check the key: ${head}`;
  if (error instanceof NotFoundError || error instanceof ConflictError) return `state: ${head}`;
  if (error instanceof BadRequestError || error instanceof ResponseDecodeError) return `bug: ${head}`;
  if (error instanceof TooManyRequestsError) return `slow down: ${head}`;
  if (
    error instanceof InternalServerError ||
    error instanceof ServiceUnavailableError ||
    error instanceof GatewayTimeoutError ||
    error instanceof NetworkConnectionError ||
    error instanceof RequestTimeoutError
  ) {
    return `try later: ${head}`;
  }
  return head;
}

const made = new NotFoundError("no such sequence", { status: 404, code: "ResourceNotFoundError", requestId: "r1" });
const wrapped = new NetworkConnectionError("connection reset", { cause: made });
walkThrough().catch((error: unknown) => console.log(explain(error), explain(wrapped)));

// What a call tells besides its data, and what an error keeps for a log line.
async function observe(): Promise<string> {
  const observed = new Client("5aa41e8ba0c0ffee", {
    fetch: (request) => fetch(request),
    defaultHeaders: { "x-team": "vision" },
    hooks: { onResponse: ({ status, requestId }) => console.log(status, requestId) },
  });
  const seq = await observed.getProject("proj_1").sequences.patch("seq_1", { name: "x" }, {
    idempotencyKey: "k-1",
    headers: { "x-trace": "t" },
  });
  const status: number | undefined = seq.lastResponse?.statusCode;
  const idempotencyKey: string | null | undefined = seq.lastResponse?.idempotencyKey;
  // A result and the plain type stay assignable both ways.
  let current = seq;
  const plain: Sequence = current;
  current = plain;
  const removed = await observed.getProject("proj_1").sequences.delete("seq_1", { idempotencyKey: "k-2" });
  const busy = new TooManyRequestsError("slow down", { status: 429, retryAfterMs: 1000, headers: { "retry-after": "1" } });
  const wait: number | null = busy.retryAfterMs;
  const logged: string = JSON.stringify(busy.toJSON());
  return `${status} ${idempotencyKey} ${removed.lastResponse?.requestId} ${wait} ${logged} ${seq.name}`;
}
void observe;

// Wrong inputs the declarations must reject.
// @ts-expect-error: the abort mode is one of two wire strings.
void sequences.bulkUpdate([], "AbortOnFirstFailure");
// @ts-expect-error: a Link names its asset by id or by filename, not both.
void sequences.bulkUpdate([{ kind: "Link", assetId: "asset_1", assetFilename: "a.jpg", sequence: "Unset" }]);
// @ts-expect-error: attribute values are strings, numbers or booleans.
void sequences.patch("seq_1", { attributes: { nested: { deep: "no" } } });
// @ts-expect-error: readAhead is a number of pages.
sequences.iterate({}, {}, { readAhead: "2" });
// @ts-expect-error: idempotencyKey belongs to the writes' options, not iterate's.
sequences.iterate({}, {}, { idempotencyKey: "k" });
// @ts-expect-error: a cursor is a string.
void sequences.list({ page: 2 });
// @ts-expect-error: a PatchSequence action needs its patch.
void sequences.bulkUpdate([{ kind: "PatchSequence", sequenceId: "seq_1" }]);
// @ts-expect-error: enum objects are read-only.
SequenceBulkUpdateAbortMode.NONE = "AbortOnAnyFailed";
// @ts-expect-error: projects come from Client.getProject, not from a constructor.
new Project();
// @ts-expect-error: a hook is a function.
new Client("k", { hooks: { onRequest: "log" } });
// @ts-expect-error: header values are strings.
void sequences.get("seq_1", { headers: { "x-retry": 2 } });
// @ts-expect-error: lastResponse is read-only.
void sequences.get("seq_1").then((found) => { found.lastResponse = found.lastResponse; });
