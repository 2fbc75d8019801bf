// Type declarations of the nexus-sequences package: one set for the Node (CommonJS and ESM)
// and the browser entries, which export the same names. Every input and output shape is
// generated from the Rust types into ./types.d.ts (serde + tsify), and the frozen enum objects
// and error classes are appended to this file by scripts/build-package.sh from the nexus-wire
// definitions (nexus-wire-js). What is written here cannot be generated, each for the reason
// given at its section.

import type {
  BulkUpdateRequestOptions,
  ClientOptions,
  DeleteSequenceResponse,
  IterateOptions,
  Page,
  Pagination,
  RequestOptions,
  Sequence,
  SequenceBulkUpdateResponse,
  SequenceFilters,
  SequenceLink,
  SequencePatch,
} from "./types.js";

export type {
  AttributeValue,
  BulkUpdateRequestOptions,
  ClientOptions,
  DeleteSequenceResponse,
  IterateOptions,
  Page,
  Pagination,
  RequestOptions,
  Sequence,
  SequenceAttributes,
  SequenceBulkUpdateResponse,
  SequenceFilters,
  SequenceItem,
  SequenceLink,
  SequencePatch,
} from "./types.js";

/** One page of sequences, as returned by {@link Sequences.list}. */
export type SequencePage = Page<Sequence>;

// ---------------------------------------------------------------------------------------
// Bulk updates. Written here because the Rust input type (one struct with every key optional)
// cannot say "exactly one of these keys" or "this key only with that kind", which these do.

/** Exactly one of the keys `K`, holding a `V`; the other keys of `K` must be absent. */
export type ExactlyOneOf<K extends string, V> = {
  [P in K]: { [Q in P]: V } & { [Q in Exclude<K, P>]?: never };
}[K];

/** The asset of a Link action, by id or by filename (camelCase or snake_case key). */
export type AssetReference = ExactlyOneOf<"assetId" | "asset_id" | "assetFilename" | "asset_filename", string>;

/** The sequence of a PatchSequence or RemoveSequence action, by id or by name. */
export type SequenceReference = ExactlyOneOf<
  "sequenceId" | "sequence_id" | "sequenceName" | "sequence_name",
  string
>;

/**
 * Links an asset to a sequence, or with `sequence: "Unset"` unlinks it from its sequence.
 * Without `kind`, an asset key makes an action a Link, and an absent `sequence` means `"Unset"`.
 */
export type LinkAction = AssetReference &
  (
    | { kind: typeof SequenceBulkUpdateActionKind.LINK; sequence: SequenceLink | "Unset" }
    | { kind?: undefined; sequence?: SequenceLink | "Unset" }
  );

/** Patches a sequence. Without `kind`, a sequence key and a `patch` make a PatchSequence. */
export type PatchSequenceAction = SequenceReference & {
  kind?: typeof SequenceBulkUpdateActionKind.PATCH_SEQUENCE;
  /** The change. */
  patch: SequencePatch;
};

/** Removes a sequence (its assets stay). Without `kind`, a sequence key alone makes one. */
export type RemoveSequenceAction = SequenceReference & {
  kind?: typeof SequenceBulkUpdateActionKind.REMOVE_SEQUENCE;
  patch?: never;
};

/** One action of {@link Sequences.bulkUpdate}. */
export type SequenceBulkUpdateAction = LinkAction | PatchSequenceAction | RemoveSequenceAction;

// ---------------------------------------------------------------------------------------
// Client and resources. Written here because wasm-bindgen declares the exported methods with
// `any` arguments and results (they take JsValue so that bad input becomes a ValidationError).

/** Entry point: holds the secret key, endpoint and defaults. */
export declare class Client {
  /**
   * @param secretKey The project's secret key, sent as the `Secret-Key` header and only to
   *   the configured endpoint.
   * @throws {ValidationError} on a malformed key, endpoint or option.
   */
  constructor(secretKey: string, options?: ClientOptions);
  /**
   * A project of this client's workspace; makes no request.
   * @param projectId `proj_…`, or the part after `proj_`.
   * @throws {ValidationError} on a malformed id.
   */
  getProject(projectId: string): Project;
  /** Releases the wasm memory now instead of at garbage collection. */
  free(): void;
}

/** A project; obtained from {@link Client.getProject}. */
export declare class Project {
  private constructor();
  /** `proj_…`. */
  readonly id: string;
  /** The project's sequences. */
  readonly sequences: Sequences;
  /** Releases the wasm memory now instead of at garbage collection. */
  free(): void;
}

/**
 * The sequences of one project. Every method rejects with a {@link NexusError}, or with the
 * signal's `reason` when an `AbortSignal` fires.
 */
export declare class Sequences {
  private constructor();
  /** One page of sequences, oldest first. */
  list(pagination?: Pagination, filters?: SequenceFilters, options?: RequestOptions): Promise<SequencePage>;
  /** A sequence by id; a {@link NotFoundError} when there is none. */
  get(sequenceId: string, options?: RequestOptions): Promise<Sequence>;
  /** Renames a sequence and/or replaces its attributes; answers the changed sequence. */
  patch(sequenceId: string, patch: SequencePatch, options?: RequestOptions): Promise<Sequence>;
  /** Removes a sequence; its assets stay in the project. */
  delete(sequenceId: string, options?: RequestOptions): Promise<DeleteSequenceResponse>;
  /**
   * Runs link, patch and remove actions in order, in one request.
   * @param abortMode default `"None"`: each action stands alone.
   */
  bulkUpdate(
    actions: readonly SequenceBulkUpdateAction[],
    abortMode?: SequenceBulkUpdateAbortMode,
    options?: BulkUpdateRequestOptions,
  ): Promise<SequenceBulkUpdateResponse>;
  /**
   * Every sequence, page after page, for `for await`; `options.readAhead` pages (default 1) are
   * requested ahead of the one being read, and aborted when the walk stops early.
   * @throws {ValidationError} at once (not on the first `next()`) for bad arguments.
   */
  iterate(pagination?: Pagination, filters?: SequenceFilters, options?: IterateOptions): SequenceIterator;
  /** Releases the wasm memory now instead of at garbage collection. */
  free(): void;
}

/** Iterates over the sequences of every page; from {@link Sequences.iterate}. */
export declare class SequenceIterator implements AsyncIterableIterator<Sequence> {
  private constructor();
  /** The next sequence, fetching the next page when the current one is used up. */
  next(): Promise<IteratorResult<Sequence, undefined>>;
  /** Stops the iteration (called by `break` in `for await`). */
  return(): Promise<IteratorResult<Sequence, undefined>>;
  /** Itself: makes the iterator usable in `for await`. */
  [Symbol.asyncIterator](): SequenceIterator;
  /** Releases the wasm memory now instead of at garbage collection. */
  free(): void;
}

/**
 * The size of the module's WebAssembly memory, in bytes. It grows when the SDK needs more room
 * and never shrinks: a figure that keeps rising over a steady workload means a leak (the
 * package's own memory tests read it).
 */
export declare function wasmMemoryBytes(): number;

// ---------------------------------------------------------------------------------------
// Errors. NexusError is a JavaScript class of the package (shared/errors.js), not a Rust
// export; its subclasses are generated below.

/** The fields every {@link NexusError} carries, as given to its constructor. */
export interface NexusErrorOptions {
  /** HTTP status, or `null` when no response was received. */
  status?: number | null;
  /** The error code: the body's `code` for HTTP errors; defaults to the class name. */
  code?: string;
  /** The parsed error body, or details of a validation failure; `null` when none. */
  detail?: unknown;
  /** The response's `X-Request-Id`, or `null`. */
  requestId?: string | null;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Base class of every error the SDK throws or rejects with. */
export declare class NexusError extends Error {
  constructor(message: string, options?: NexusErrorOptions);
  /** HTTP status, or `null` when no response was received. */
  readonly status: number | null;
  /** The body's `code` for HTTP errors (e.g. `"ResourceNotFoundError"`), else the class name. */
  readonly code: string;
  /**
   * The parsed JSON error body (documented shape `{code, message}`) for HTTP errors, a
   * {@link ValidationErrorDetail} for validation errors; `null` when there is none.
   */
  readonly detail: unknown;
  /** The response's `X-Request-Id`, or `null`. */
  readonly requestId: string | null;
}

/** Where a {@link ValidationError} found the bad value. */
export interface ValidationErrorDetail {
  /** The argument of the call, e.g. `"actions"`. */
  argument: string;
  /** The full path of the bad value, e.g. `"actions[3].sequence.ord"`. */
  field: string;
}
