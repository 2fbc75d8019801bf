import type { Project } from "nexus-sequences";
import { useState } from "preact/hooks";
import { ErrorBox } from "./ErrorBox";
import { formatRoles, formatTime } from "./format";
import { useLoad } from "./useLoad";

/** Which page the table shows: the App keeps it, so coming back from a sequence restores it. */
export interface TableQuery {
  limit: number;
  /** Exact-name filter, or null for every sequence. */
  name: string | null;
  /** Cursor from the previous response, or null for the first page. */
  page: string | null;
}

const PAGE_SIZES = [10, 25, 50, 100, 250] as const;

export function SequenceTable({
  project,
  query,
  onQuery,
  onOpen,
}: {
  project: Project;
  query: TableQuery;
  onQuery: (query: TableQuery) => void;
  onOpen: (sequenceId: string) => void;
}) {
  const { limit, name, page } = query;
  const { state } = useLoad(
    (signal) => project.sequences.list({ limit, page }, { name }, { signal }),
    [project, limit, name, page],
  );
  const [filter, setFilter] = useState(name ?? "");
  const result = state.status === "ready" ? state.value : null;

  return (
    <section class="card" data-testid="sequences" data-state={state.status} data-page={page ?? ""} aria-busy={state.status === "loading"}>
      <div class="toolbar">
        <form
          class="filter"
          onSubmit={(event) => {
            event.preventDefault();
            onQuery({ ...query, name: filter === "" ? null : filter, page: null });
          }}
        >
          <input
            type="search"
            name="name"
            placeholder="Exact name"
            aria-label="filter by exact name"
            value={filter}
            onInput={(event) => setFilter(event.currentTarget.value)}
          />
          <button type="submit">Filter</button>
          {name !== null && (
            <button
              type="button"
              onClick={() => {
                setFilter("");
                onQuery({ ...query, name: null, page: null });
              }}
            >
              Clear
            </button>
          )}
        </form>
        <label class="page-size">
          Page size
          <select
            name="limit"
            value={limit}
            onChange={(event) => onQuery({ ...query, limit: Number(event.currentTarget.value), page: null })}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <div class="pager">
          <button
            type="button"
            disabled={!result?.prevPage}
            onClick={() => result?.prevPage && onQuery({ ...query, page: result.prevPage })}
          >
            ← Previous
          </button>
          <button
            type="button"
            disabled={!result?.nextPage}
            onClick={() => result?.nextPage && onQuery({ ...query, page: result.nextPage })}
          >
            Next →
          </button>
        </div>
      </div>

      {state.status === "failed" && <ErrorBox error={state.error} />}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th class="num">Length</th>
            <th>Roles</th>
            <th>Last change</th>
          </tr>
        </thead>
        <tbody>
          {result?.data.map((sequence) => (
            <tr key={sequence.id} data-id={sequence.id}>
              <td>
                <a
                  href="#"
                  onClick={(event) => {
                    event.preventDefault();
                    onOpen(sequence.id);
                  }}
                >
                  {sequence.name}
                </a>
              </td>
              <td class="num">{sequence.length}</td>
              <td>{formatRoles(sequence.itemCountWithRole)}</td>
              <td>{formatTime(sequence.updateDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="status" role="status">
        {state.status === "loading" && "Loading…"}
        {result && (result.data.length === 0 ? "No sequences." : `${result.data.length} on this page.`)}
      </p>
    </section>
  );
}
