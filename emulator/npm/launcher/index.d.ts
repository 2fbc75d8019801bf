// Types of the nexus-emulator test API (ESM and CommonJS alike).

/** Options of `NexusEmulator.start()`; all optional. */
export interface NexusEmulatorOptions {
  /** `"demo"`: create the demo project (then `projectId` and `secretKey` are set). */
  seed?: "demo";
  /** SQLite file, or `":memory:"` (the default: a private database gone with the process). */
  db?: string;
  /** A fixture file (the JSON `nexus-emulator export` writes) whose state replaces the database's. */
  fixture?: string;
  /** Item cap of one sequence (default 10000). */
  maxItemsPerSequence?: number;
  /** Fault rules active from the start, compact form: `"503:0.2,429:0.1,reset:0.1,delay=300:0.1"`. */
  faults?: string;
  /** Seed of the fault RNG (default 0). */
  faultSeed?: number;
  /** Address to listen on (default `"127.0.0.1"`). */
  host?: string;
  /** Port (default 0: a free port). */
  port?: number;
  /** Path of the binary (default: $NEXUS_EMULATOR_BINARY, else the platform package's); it must be this package's version. */
  binary?: string;
  /** Extra environment variables of the emulator process, e.g. `{ RUST_LOG: "debug" }`. */
  env?: Record<string, string>;
  /** How long to wait for the emulator to serve (default 20000 ms). */
  startTimeoutMs?: number;
}

/** A project created through the admin API. */
export interface CreatedProject {
  projectId: string;
  secretKey: string;
}

/** An asset of a project. */
export interface EmulatorAsset {
  assetId: string;
  filename: string;
}

/** `createAssets` input: the assets themselves, or a count of generated ones. */
export type CreateAssetsRequest =
  | { assets: Array<{ filename: string; assetId?: string }> }
  | { count: number; filenamePrefix?: string };

/** `createSequences` input. */
export interface CreateSequencesRequest {
  count: number;
  /** New assets per sequence, at ords 0.., role null (default 0). */
  itemsPerSequence?: number;
  /** Names are `${namePrefix}${i}` (default `"seq-"`). */
  namePrefix?: string;
}

/** Requests the emulator received, keyed `METHOD /route/{template}`. */
export interface RequestCounts {
  total: number;
  routes: Record<string, number>;
}

/** What a fault does. */
export type Fault =
  | { fault: "status"; status: number }
  | { fault: "tooManyRequests"; retryAfterSeconds?: number }
  | { fault: "reset" }
  | { fault: "delay"; ms: number }
  | { fault: "resetAfterCommit" };

/** A fault and which requests it applies to. */
export type FaultRule = Fault & {
  /** Probability per matching request, 0 to 1 (default 1). */
  rate?: number;
  methods?: string[];
  projectId?: string;
  /** Fires at most this many times. */
  times?: number;
};

/** Fault rules and the seed of their RNG. */
export interface FaultSpec {
  seed?: number;
  rules: FaultRule[];
}

/** The active fault rules, each with how often it fired. */
export interface FaultStatus {
  seed: number;
  rules: Array<FaultRule & { fired: number }>;
}

/** The whole state, as `nexus-emulator export` writes it (format documented in the emulator's README). */
export interface Fixture {
  version: 1;
  secretKeys: Array<{ secretKey: string; workspaceId: string }>;
  projects: Array<{
    projectId: string;
    workspaceId: string;
    createDate: number;
    assets: EmulatorAsset[];
    sequences: Array<{
      sequenceId: string;
      name: string;
      attributes: Record<string, string>;
      createDate: number;
      updateDate: number;
      items: Array<{ assetId: string; role: string | null; ord: number }>;
    }>;
  }>;
}

/** The admin API (`/_emulator/`). Every method rejects with an `AdminError` on an error status. */
export interface Admin {
  health(): Promise<{ status: "ok"; version: string }>;
  createProject(options?: { projectId?: string; secretKey?: string }): Promise<CreatedProject>;
  createAssets(projectId: string, request: CreateAssetsRequest): Promise<EmulatorAsset[]>;
  /** Answers how many sequences were created. */
  createSequences(projectId: string, request: CreateSequencesRequest): Promise<number>;
  requestCounts(projectId?: string): Promise<RequestCounts>;
  clearRequestCounts(): Promise<void>;
  /** Installs fault rules, replacing earlier ones. */
  faults(spec: FaultSpec): Promise<FaultStatus>;
  faultStatus(): Promise<FaultStatus>;
  clearFaults(): Promise<void>;
  /** Wipes projects, keys, assets, sequences, request counts and faults. */
  reset(): Promise<void>;
  export(): Promise<Fixture>;
}

/** A running emulator. */
export declare class NexusEmulator {
  /** Starts an emulator on a free port and resolves once it answers. */
  static start(options?: NexusEmulatorOptions): Promise<NexusEmulator>;
  private constructor();
  /** Base URL to give the SDK, e.g. `http://127.0.0.1:39215`. */
  readonly endpoint: string;
  /** The demo's or the fixture's first project, else null. */
  readonly projectId: string | null;
  /** A secret key of `projectId`, else null. */
  readonly secretKey: string | null;
  /** Process id of the emulator. */
  readonly pid: number;
  readonly admin: Admin;
  /** The tail of the emulator's stderr (its request log). */
  logs(): string;
  /** Stops the emulator and resolves once it has exited. */
  stop(): Promise<void>;
}

/** The emulator could not start; the message carries the binary's own. */
export declare class NexusEmulatorError extends Error {}

/** No usable binary: unsupported platform, missing platform package, or another version. */
export declare class BinaryNotFoundError extends Error {}

/** An admin call answered with an error status. */
export declare class AdminError extends Error {
  readonly status: number;
  readonly code: string | null;
}
