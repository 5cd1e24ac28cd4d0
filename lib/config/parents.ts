/**
 * Parent/child links between resources: each child names one parent through its placeholders;
 * the parent must exist, differ from the child, and the chain must end (the sync engine walks
 * parents before children).
 */
import { IssueLog, join } from './issues';
import { parentFieldName } from './placeholders';
import type { ResourceDraft } from './resource';

export function linkParents(drafts: ResourceDraft[], log: IssueLog): void {
  const byName = new Map(drafts.map((d) => [d.resource.name, d]));
  const names = drafts.map((d) => d.resource.name).join(', ');

  for (const draft of drafts) {
    const { resource, refs, label } = draft;
    const parents = [...new Set(refs.map((r) => r.resource))];
    if (parents.length > 1) {
      log.error(join(label, 'endpoint'), `a resource can have only one parent, but this one refers to ${parents.join(' and ')}`);
      continue;
    }
    if (parents.length === 0) {
      if (resource.includeFromParent.length) {
        log.error(join(label, 'include_from_parent'), 'include_from_parent needs a parent: put {resources.<parent>.<field>} in the path or a param');
      }
      if (resource.parentFilter && draft.parentFilterFromDefaults) delete resource.parentFilter;
      else if (resource.parentFilter) {
        log.error(join(label, 'parent_filter'), 'parent_filter needs a parent: put {resources.<parent>.<field>} in the path or a param');
      }
      continue;
    }
    const parent = parents[0];
    if (parent === resource.name) {
      log.error(join(label, 'endpoint'), `"${resource.name}" refers to itself in {resources.${parent}.…}; a parent must be another resource`);
      continue;
    }
    if (!byName.has(parent)) {
      log.error(join(label, 'endpoint'), `unknown parent resource "${parent}" in {resources.${parent}.…}; resources: ${names}`);
      continue;
    }
    resource.parent = { resource: parent, refs };
    // A key column `_<parent>_<field>` only exists if include_from_parent copies that field.
    const prefix = `_${parent}_`;
    const copied = resource.includeFromParent.map((field) => parentFieldName(parent, field));
    for (const column of resource.primaryKey) {
      if (column.startsWith(prefix) && !copied.includes(column)) {
        log.error(
          join(label, 'primary_key'),
          `primary key column "${column}" comes from the parent only if include_from_parent lists "${column.slice(prefix.length)}"`,
        );
      }
    }
  }

  const reported = new Set<string>();
  for (const start of drafts) {
    const chain = [start.resource.name];
    let current = start.resource.parent?.resource;
    while (current !== undefined && !reported.has(start.resource.name)) {
      if (current === start.resource.name) {
        chain.push(current);
        for (const name of chain) reported.add(name);
        log.error(join(start.label, 'endpoint'), `parent chain loops: ${chain.join(' → ')}`);
        break;
      }
      if (chain.includes(current)) break; // a loop further up; reported from a resource inside it
      chain.push(current);
      current = byName.get(current)?.resource.parent?.resource;
    }
  }
}
