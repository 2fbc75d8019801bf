import type { SequenceItem } from "nexus-sequences";

/** The items grouped by role (no role first, then by name), each group ordered by `ord`. */
export function ItemsByRole({ items }: { items: SequenceItem[] }) {
  const groups = new Map<string | null, SequenceItem[]>();
  for (const item of items) groups.set(item.role, [...(groups.get(item.role) ?? []), item]);
  const roles = [...groups.keys()].sort((a, b) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)));
  if (roles.length === 0) return <p class="status">No items.</p>;
  return (
    <div class="roles">
      {roles.map((role) => {
        const group = [...(groups.get(role) ?? [])].sort((a, b) => a.ord - b.ord);
        return (
          <table key={role ?? ""} class="items" data-testid="role-group" data-role={role ?? ""}>
            <caption>
              {role ?? "no role"} <span class="count">({group.length})</span>
            </caption>
            <thead>
              <tr>
                <th class="num">ord</th>
                <th>asset id</th>
              </tr>
            </thead>
            <tbody>
              {group.map((item) => (
                <tr key={item.assetId}>
                  <td class="num">{item.ord}</td>
                  <td class="mono">{item.assetId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
