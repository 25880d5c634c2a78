import { v7 as uuidv7, validate as isUuid } from 'uuid';

/** Time-ordered UUIDv7: sortable ids for events and rows, unique across processes. */
export function newId(): string {
  return uuidv7();
}

export { isUuid };
