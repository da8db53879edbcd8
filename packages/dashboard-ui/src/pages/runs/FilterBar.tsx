import { useEffect, useState } from "react";
import { RUN_STATUSES } from "../../api/types";
import { useDebouncedEffect } from "../../hooks/use-debounced";
import {
  EMPTY_FILTER,
  fieldProblem,
  isEmptyFilter,
  isoToLocalInput,
  localInputToIso,
  type RunFilter,
} from "../../lib/run-filter";

type TextDraft = Pick<RunFilter, "q" | "field" | "value">;

function selected(select: HTMLSelectElement): string[] {
  return [...select.selectedOptions].map((o) => o.value).filter((v) => v !== "");
}

/** The filter controls of the runs list; text fields apply 300 ms after typing stops. */
export function FilterBar({
  filter,
  workflows,
  onChange,
}: {
  filter: RunFilter;
  workflows: { id: string; name: string }[];
  onChange: (next: RunFilter) => void;
}) {
  const [draft, setDraft] = useState<TextDraft>({
    q: filter.q,
    field: filter.field,
    value: filter.value,
  });
  useEffect(() => {
    setDraft({ q: filter.q, field: filter.field, value: filter.value });
  }, [filter.q, filter.field, filter.value]);
  const problem = fieldProblem(draft.field);
  const commit = (text: TextDraft): void => {
    // A field still being typed is not applied (nor its value) until it is a valid path.
    const usable = fieldProblem(text.field) === null;
    onChange({
      ...filter,
      q: text.q,
      field: usable ? text.field : filter.field,
      value: usable ? text.value : filter.value,
    });
  };
  useDebouncedEffect(draft, 300, commit);
  const workflowOptions = [...workflows];
  for (const id of filter.workflow) {
    if (!workflowOptions.some((w) => w.id === id)) workflowOptions.push({ id, name: id });
  }
  return (
    <form
      className="filters"
      aria-label="Run filters"
      onSubmit={(e) => {
        e.preventDefault();
        commit(draft);
      }}
    >
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select
          id="filter-status"
          aria-describedby="filter-multi-hint"
          multiple
          size={RUN_STATUSES.length}
          value={filter.status}
          onChange={(e) => onChange({ ...filter, status: selected(e.currentTarget) })}
        >
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-workflow">Workflow</label>
        <select
          id="filter-workflow"
          aria-describedby="filter-multi-hint"
          multiple
          size={Math.min(5, Math.max(2, workflowOptions.length))}
          value={filter.workflow}
          onChange={(e) => onChange({ ...filter, workflow: selected(e.currentTarget) })}
        >
          {workflowOptions.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name === w.id ? w.id : `${w.name} (${w.id})`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-from">From</label>
        <input
          id="filter-from"
          type="datetime-local"
          value={isoToLocalInput(filter.from)}
          onChange={(e) => onChange({ ...filter, from: localInputToIso(e.currentTarget.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-to">To</label>
        <input
          id="filter-to"
          type="datetime-local"
          value={isoToLocalInput(filter.to)}
          onChange={(e) => onChange({ ...filter, to: localInputToIso(e.currentTarget.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-q">Run id</label>
        <input
          id="filter-q"
          type="search"
          placeholder="prefix"
          value={draft.q}
          onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value.trim() })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-field">Field</label>
        <input
          id="filter-field"
          type="text"
          placeholder="metadata.customer"
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : "filter-field-problem"}
          value={draft.field}
          onChange={(e) => setDraft({ ...draft, field: e.currentTarget.value.trim() })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-value">Value</label>
        <input
          id="filter-value"
          type="text"
          value={draft.value}
          onChange={(e) => setDraft({ ...draft, value: e.currentTarget.value })}
        />
      </div>
      {problem !== null && (
        <p id="filter-field-problem" className="field-problem">
          {problem}
        </p>
      )}
      <div className="field field-actions">
        <button type="submit">Apply</button>
        <button
          type="button"
          disabled={isEmptyFilter(filter)}
          onClick={() => onChange(EMPTY_FILTER)}
        >
          Clear filters
        </button>
      </div>
      <p id="filter-multi-hint" className="field-hint">
        Status and Workflow: Ctrl- or ⌘-click to pick several; none picked means all.
      </p>
    </form>
  );
}
