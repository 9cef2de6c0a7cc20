import fc from 'fast-check';

/** A JSON Schema as it appears in the OpenAPI document (only what the generator reads). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** Text a hostile client sends: NUL, unpaired surrogates, injection, traversal, huge and odd Unicode. */
export const hostileText = fc.constantFrom(
  '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\ud83d', '\u{10FFFF}', '', ' ', '\u202e\u0000', "'; drop table teams; --",
  '../../etc/passwd', '%00', '%E0%A4%A', '${jndi:ldap://x}', '<script>alert(1)</script>', '🌙'.repeat(300), 'x'.repeat(70_000),
  '0000-00-00T00:00:00Z', '+99999-01-01T00:00:00Z', '+0', '+1'.padEnd(40, '9'), 'null', '-1', '1e309', 'P99999999999D', '25:61',
);

const hostileNumber = fc.constantFrom(-1, 0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 0.5, 1e-320);

const sampleFor = (schema: JsonSchema): fc.Arbitrary<string> => {
  switch (schema.format) {
    case 'date-time': return fc.constantFrom(new Date().toISOString(), '2026-03-08T02:30:00Z', '1970-01-01T00:00:00Z');
    case 'date': return fc.constantFrom('2026-03-08', '2026-02-30', '0001-01-01');
    case 'email': return fc.constantFrom('a@b.test', 'x@y.z');
    case 'uri': return fc.constantFrom('https://rec.test/1.mp3', 'javascript:alert(1)', 'http://127.0.0.1:1/');
    default: break;
  }
  if (schema.pattern?.includes('\\+')) return fc.constantFrom('+14155550123', '+442071838750', '+10000000000');
  return fc.string({ maxLength: 20 });
};

/**
 * Values for a schema: mostly of the right shape (so requests get past the first field check and reach
 * deeper code), with hostile leaves mixed in. `ids` supplies real identifiers for fields named like them.
 */
export function valuesFor(schema: JsonSchema, resolve: (ref: string) => JsonSchema, ids: (name: string) => string[], name = '', depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return valuesFor(resolve(schema.$ref), resolve, ids, name, depth);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valuesFor(v, resolve, ids, name, depth)));
  if (schema.allOf?.length) return valuesFor(schema.allOf[0]!, resolve, ids, name, depth);
  if (schema.const !== undefined) return fc.oneof({ weight: 9, arbitrary: fc.constant(schema.const) }, { weight: 1, arbitrary: hostileText });
  if (schema.enum) return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: hostileText });
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => valuesFor({ ...schema, type }, resolve, ids, name, depth)));
  const known = ids(name);
  switch (types[0]) {
    case 'string':
      return fc.oneof(
        { weight: known.length ? 6 : 0, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('') },
        { weight: 4, arbitrary: sampleFor(schema) },
        { weight: 2, arbitrary: hostileText },
      );
    case 'integer':
    case 'number':
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: Math.max(schema.minimum ?? 0, -1e6), max: Math.min(schema.maximum ?? 100, 1e6) }) }, { weight: 1, arbitrary: hostileNumber });
    case 'boolean':
      return fc.oneof({ weight: 9, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 1, null) });
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 6 ? fc.constant([]) : fc.array(valuesFor(schema.items ?? {}, resolve, ids, name, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 6 || !schema.properties) return fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), hostileText), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
      const required = new Set(schema.required ?? []);
      const fields = Object.fromEntries(Object.entries(schema.properties).map(([key, child]) => [key, valuesFor(child, resolve, ids, key, depth + 1)]));
      // The required fields are there (a whole-body variant drops them); sometimes an unknown one is added.
      return fc.tuple(
        fc.record(fields, { requiredKeys: Object.keys(fields).filter((key) => required.has(key)) }),
        fc.option(fc.tuple(fc.oneof(fc.string({ maxLength: 8 }), hostileText), fc.jsonValue({ maxDepth: 1 })), { freq: 8 }),
      ).map(([record, extra]) => (extra ? { ...record, [extra[0]]: extra[1] } : record));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
