import { Kind, type GraphQLResolveInfo } from 'graphql';

/**
 * The fields a query selects directly on the value of the field being resolved (e.g. `me { id
 * fullName }` → id, fullName), so a detached read takes only their columns; null (read everything)
 * when fragments are involved.
 */
export function selectedFields(info: GraphQLResolveInfo): string[] | null {
  const names = new Set<string>();
  for (const node of info.fieldNodes) {
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) return null;
      names.add(selection.name.value);
    }
  }
  return [...names];
}
