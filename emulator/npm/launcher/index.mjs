// The ES module entry: the same classes as the CommonJS one (one implementation, no dual-package hazard).
import api from "./index.cjs";

export const { NexusEmulator, NexusEmulatorError, AdminError, BinaryNotFoundError } = api;
