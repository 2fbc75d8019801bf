/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The emulator's address, baked in by scripts/dashboard.sh to prefill the form's "key" mode. */
  readonly VITE_NEXUS_ENDPOINT?: string;
  /** The project to prefill (not secret; the default is the emulator's demo project). */
  readonly VITE_NEXUS_PROJECT_ID?: string;
}
