/** A Unix-epoch-milliseconds time as `2026-12-02 13:50:05 UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** `itemCountWithRole` as `Axial 2, Sagittal 1`, by role name. */
export function formatRoles(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([role, count]) => `${role} ${count}`)
    .join(", ");
}
