// Type declarations of the nexus-sequences package: one set for the Node (CommonJS and ESM)
// and the browser entries, which export the same names. Every input and output shape is
// generated from the Rust types into ./types.d.ts (serde + tsify); this file declares what
// cannot be generated: the classes and their methods, the error classes, the frozen enum
// objects, and the bulk-action union whose "exactly one of these keys" rules have no Rust
// counterpart in the input type.

import type {
  BulkUpdateRequestOptions,
  ClientOptions,
  DeleteSequenceResponse,
  IterateOptions,
  Page,
  Pagination,
  RequestOptions,
  Sequence,
  SequenceBulkUpdateAbortMode as AbortModeValue,
  SequenceBulkUpdateActionKind as ActionKindValue,
  SequenceBulkUpdateResponse,
  SequenceBulkUpdateResult as ResultValue,
  SequenceFilters,
  SequenceLink,
  SequenceMergeMode as MergeModeValue,
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
// Enums: frozen objects whose values are the wire strings, and the union of those values.

/** How a bulk update treats failing actions. */
export declare const SequenceBulkUpdateAbortMode: {
  /** Each action stands alone: those that succeed are applied (the default). */
  readonly NONE: "None";
  /** All or nothing: if any action fails, none is applied. */
  readonly ABORT_ON_ANY_FAILED: "AbortOnAnyFailed";
};
/** A value of {@link SequenceBulkUpdateAbortMode}. */
export type SequenceBulkUpdateAbortMode = AbortModeValue;

/** The result of one bulk-update action. */
export declare const SequenceBulkUpdateResult: {
  /** Applied (or, under `AbortOnAnyFailed`, would have been). */
  readonly OK: "Ok";
  /** Not applied because another action failed under `AbortOnAnyFailed`. */
  readonly FAILED: "Failed";
  /** An earlier action of the same request already linked this asset. */
  readonly FAILED_LINK_ASSET_ALREADY_PROCESSED: "FailedLinkAssetAlreadyProcessed";
  /** No asset with that id or filename in the project. */
  readonly FAILED_LINK_ASSET_NOT_FOUND: "FailedLinkAssetNotFound";
  /** The slot is held by another asset and the merge mode is `RejectSequenceOperation`. */
  readonly FAILED_LINK_WOULD_OVERWRITE_EXISTING_ITEM: "FailedLinkWouldOverwriteExistingItem";
  /** The sequence already holds the maximum number of items. */
  readonly FAILED_LINK_SEQUENCE_WOULD_EXCEED_MAXIMUM_ITEM_COUNT: "FailedLinkSequenceWouldExceedMaximumItemCount";
  /** No such sequence to patch. */
  readonly FAILED_PATCH_SEQUENCE_SEQUENCE_NOT_FOUND: "FailedPatchSequenceSequenceNotFound";
  /** The attributes would exceed 1,048,576 bytes. */
  readonly FAILED_PATCH_SEQUENCE_ATTRIBUTE_SIZE_WOULD_EXCEED_LIMIT: "FailedPatchSequenceAttributeSizeWouldExceedLimit";
  /** Another sequence already has the new name. */
  readonly FAILED_PATCH_SEQUENCE_RENAME_WOULD_DUPLICATE: "FailedPatchSequenceRenameWouldDuplicate";
  /** An earlier action of the same request already patched or removed this sequence. */
  readonly FAILED_PATCH_SEQUENCE_SEQUENCE_ALREADY_PROCESSED: "FailedPatchSequenceSequenceAlreadyProcessed";
  /** No such sequence to remove. */
  readonly FAILED_REMOVE_SEQUENCE_SEQUENCE_NOT_FOUND: "FailedRemoveSequenceSequenceNotFound";
  /** An earlier action of the same request already patched or removed this sequence. */
  readonly FAILED_REMOVE_SEQUENCE_SEQUENCE_ALREADY_PROCESSED: "FailedRemoveSequenceSequenceAlreadyProcessed";
};
/** A value of {@link SequenceBulkUpdateResult}. */
export type SequenceBulkUpdateResult = ResultValue;

/** What a Link action does when its slot (`role`, `ord`) is held by another asset. */
export declare const SequenceMergeMode: {
  /** Unlink the other asset and take the slot (the default). */
  readonly REPLACE_EXISTING_ENTRY: "ReplaceExistingEntry";
  /** Fail the action with `FailedLinkWouldOverwriteExistingItem`. */
  readonly REJECT_SEQUENCE_OPERATION: "RejectSequenceOperation";
};
/** A value of {@link SequenceMergeMode}. */
export type SequenceMergeMode = MergeModeValue;

/** The `kind` tag of a bulk-update action. */
export declare const SequenceBulkUpdateActionKind: {
  /** {@link LinkAction}. */
  readonly LINK: "Link";
  /** {@link PatchSequenceAction}. */
  readonly PATCH_SEQUENCE: "PatchSequence";
  /** {@link RemoveSequenceAction}. */
  readonly REMOVE_SEQUENCE: "RemoveSequence";
};
/** A value of {@link SequenceBulkUpdateActionKind}. */
export type SequenceBulkUpdateActionKind = ActionKindValue;

// ---------------------------------------------------------------------------------------
// Bulk updates

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
// Client and resources

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
// Errors

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

/** 400, or another 4xx without a class of its own. */
export declare class BadRequestError extends NexusError {}
/** 401: the `Secret-Key` header was missing. */
export declare class UnauthorizedError extends NexusError {}
/** 403: the key does not grant this project (or the project does not exist). */
export declare class ForbiddenError extends NexusError {}
/** 404: no such sequence. */
export declare class NotFoundError extends NexusError {}
/** 409: e.g. a rename onto an existing name. */
export declare class ConflictError extends NexusError {}
/** 429, after the retries allowed. */
export declare class TooManyRequestsError extends NexusError {}
/** 500, or another 5xx without a class of its own, after the retries allowed. */
export declare class InternalServerError extends NexusError {}
/** 503, after the retries allowed. */
export declare class ServiceUnavailableError extends NexusError {}
/** 504, after the retries allowed. */
export declare class GatewayTimeoutError extends NexusError {}
/** The connection failed or was dropped, after the retries allowed. */
export declare class NetworkConnectionError extends NexusError {}
/** An attempt took longer than `timeoutMs`, after the retries allowed. */
export declare class RequestTimeoutError extends NexusError {}
/** A 2xx response whose body is not the documented shape. */
export declare class ResponseDecodeError extends NexusError {}
/** Where a {@link ValidationError} found the bad value. */
export interface ValidationErrorDetail {
  /** The argument of the call, e.g. `"actions"`. */
  argument: string;
  /** The full path of the bad value, e.g. `"actions[3].sequence.ord"`. */
  field: string;
}

/**
 * Bad input, rejected before any request; the message names the argument, action index and
 * field, e.g. `actions[3].sequence.ord must be a non-negative integer`.
 */
export declare class ValidationError extends NexusError {
  /** Where the bad value is; `null` only for errors constructed without one. */
  readonly detail: ValidationErrorDetail | null;
}
