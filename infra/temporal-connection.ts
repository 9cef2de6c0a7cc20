import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes.js';
import { customSearchAttributes } from '../workflows/search-attributes.ts';

// @temporalio/proto is CommonJS: its namespaces come through the default export.
const IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
const indexedTypes: Partial<Record<SearchAttributeType, proto.temporal.api.enums.v1.IndexedValueType>> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export async function connectTemporalClient(address: string, namespace: string): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  return { client: new Client({ connection, namespace }), connection };
}

/** Registers the search attributes our workflows set; those already there are left alone. */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: SearchAttributeKey<SearchAttributeType>[] = customSearchAttributes,
): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = keys.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedTypes[key.type as SearchAttributeType]!])),
  });
}
