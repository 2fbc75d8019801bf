// The test API's declarations under `tsc --strict` (run.sh): what a typed suite writes
// compiles, and wrong options and results are type errors.
import { NexusEmulator, AdminError, type FaultSpec, type Fixture } from "nexus-emulator";

const emulator: NexusEmulator = await NexusEmulator.start({ seed: "demo", maxItemsPerSequence: 10, faults: "503:0.1" });
const endpoint: string = emulator.endpoint;
const projectId: string | null = emulator.projectId;
const { secretKey } = await emulator.admin.createProject({ projectId: "p1" });
const assets = await emulator.admin.createAssets("p1", { count: 2, filenamePrefix: "scan_" });
const ids: string[] = assets.map((asset) => asset.assetId);
const created: number = await emulator.admin.createSequences("p1", { count: 1, itemsPerSequence: 2 });
const spec: FaultSpec = { seed: 1, rules: [{ fault: "status", status: 503, rate: 0.5, projectId: "p1" }] };
const fired: number = (await emulator.admin.faults(spec)).rules[0].fired;
const total: number = (await emulator.admin.requestCounts("p1")).total;
const state: Fixture = await emulator.admin.export();
const role: string | null = state.projects[0].sequences[0].items[0].role;
await emulator.admin.reset();
await emulator.stop();
const isAdminError = (error: unknown): number | null => (error instanceof AdminError ? error.status : null);

// @ts-expect-error: the only seed is "demo"
await NexusEmulator.start({ seed: "everything" });
// @ts-expect-error: unknown option
await NexusEmulator.start({ sead: "demo" });
// @ts-expect-error: a fault needs its kind
await emulator.admin.faults({ rules: [{ status: 503 }] });
// @ts-expect-error: projectId may be null
const notNull: string = emulator.projectId;

export { endpoint, projectId, secretKey, ids, created, fired, total, role, isAdminError, notNull };
