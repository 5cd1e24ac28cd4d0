import type { ResolvedResource } from '@/lib/config/types';
import { groupTables } from '@/lib/ui/table-groups';
import { useChildCosts } from './use-child-costs';

interface Props {
  resources: ResolvedResource[];
  selected: Set<string>;
  onChange(selected: string[]): void;
}

const id = (name: string) => `table-${name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;

export function TablesSection({ resources, selected, onChange }: Props) {
  const groups = groupTables(resources);
  const estimates = useChildCosts(resources);
  const toggle = (name: string, on: boolean) => {
    // Keep config order so the popup lists tables the way the config does.
    onChange(resources.map((r) => r.name).filter((n) => (n === name ? on : selected.has(n))));
  };
  const count = resources.filter((r) => selected.has(r.name)).length;

  return (
    <section class="card" aria-labelledby="tables-heading">
      <div class="card-head">
        <h2 id="tables-heading">Tables</h2>
        <div class="head-actions">
          <span class="hint num">
            {count} of {resources.length} selected
          </span>
          <button type="button" class="btn btn-link" onClick={() => onChange(resources.map((r) => r.name))}>
            Select all
          </button>
          <span aria-hidden="true" class="sep">
            /
          </span>
          <button type="button" class="btn btn-link" onClick={() => onChange([])}>
            none
          </button>
        </div>
      </div>
      <p class="hint section-hint">The tables to copy from your store when you sync; each becomes a file you can export. Changes here are saved as you make them.</p>
      {resources.length === 0 && <p class="hint">The source config has no tables.</p>}
      {groups.map(({ group, tables }) => (
        <fieldset class="table-group" key={group}>
          <legend>{group}</legend>
          <ul>
            {tables.map((t) => (
              <li key={t.name} class="table-choice">
                <input
                  type="checkbox"
                  id={id(t.name)}
                  checked={selected.has(t.name)}
                  aria-describedby={`${id(t.name)}-desc`}
                  onChange={(e) => toggle(t.name, e.currentTarget.checked)}
                />
                <label for={id(t.name)} class="mono">
                  {t.name}
                </label>
                <span id={`${id(t.name)}-desc`} class="table-desc">
                  {t.description}
                  {t.cost && <span class="cost">{t.cost}</span>}
                  {estimates.has(t.name) && (
                    <span class="cost cost-estimate" data-cost-estimate>
                      {estimates.get(t.name)}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </fieldset>
      ))}
    </section>
  );
}
