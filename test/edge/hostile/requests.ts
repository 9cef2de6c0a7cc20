import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { sign } from '../../../carriers/native/signature.ts';
import { hostileText, valuesFor, type JsonSchema } from './schema-values.ts';

interface Parameter { name: string; in: string; required?: boolean; schema: JsonSchema }
interface Operation {
  method: string;
  template: string;
  access: 'public' | 'carrier' | 'key';
  parameters: Parameter[];
  body?: JsonSchema;
}

export interface HostileRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Who the request claims to be, and the ids it may name. */
export interface Identities {
  keys: Record<'platform' | 'admin' | 'supervisor' | 'agent' | 'otherOrgAdmin', string>;
  webhookSecret: string;
  /** Real ids by field name (id, userId, inboxId, …), so requests reach past "not found". */
  ids: (name: string, method: string) => string[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[]; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every operation of the OpenAPI document, with its parameters and body schema. */
function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      access: template.startsWith('/v1/webhooks/') ? 'carrier' : op.security?.length === 0 ? 'public' : 'key',
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
    }) satisfies Operation),
  );
}

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
// Raw path segments no encoder would produce: bad escapes, NUL, an encoded surrogate half, traversal, length.
const rawSegment = fc.constantFrom('%E0%A4%A', '%ZZ', '%', '%00', 'a%00b', '%ED%A0%80', '%C0%AF', '..%2F..%2Fetc', '%2e%2e', 'a'.repeat(5000), '%F4%90%80%80');
const malformedBodies = fc.constantFrom(
  '{"a":', '{"a":1}}', '{', '\u0000', '[]', '"text"', '1', 'null', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"x":1}}',
  deep(40), deep(8000), `{"name":"${'x'.repeat(300_000)}"}`, `[${'0,'.repeat(60_000)}0]`,
);
const invalidUtf8 = Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]);

function encodeSegment(value: unknown): string {
  try {
    return encodeURIComponent(String(value));
  } catch {
    return '%ED%A0%80'; // encodeURIComponent refuses a lone surrogate; send its would-be bytes instead
  }
}

function encodeQuery(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
}

/** One operation's hostile requests: every auth or signature variant, odd paths, queries, bodies and encodings. */
function requestsFor(op: Operation, identities: Identities, resolve: (ref: string) => JsonSchema): fc.Arbitrary<HostileRequest> {
  const ids = (name: string) => identities.ids(name, op.method);
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const segment = (p: Parameter) => fc.oneof(
    { weight: 8, arbitrary: valuesFor(p.schema, resolve, ids, p.name).map(encodeSegment) },
    { weight: 2, arbitrary: rawSegment },
  );
  const path = fc.tuple(...pathParams.map(segment)).map((values) => {
    let i = 0;
    return op.template.replace(/\{\w+\}/g, () => values[i++]!);
  });
  const forgedCursor = hostileText.map((text) => Buffer.from(JSON.stringify([new Date().toISOString(), text])).toString('base64url'));
  const queryValue = (p: Parameter) => (p.name === 'cursor'
    ? fc.oneof(forgedCursor, hostileText)
    : valuesFor(p.schema, resolve, ids, p.name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))));
  const query = fc.tuple(
    fc.tuple(...queryParams.map((p) => fc.option(queryValue(p).map((v) => [p.name, v] as [string, string]), { freq: 2 }))),
    fc.option(fc.tuple(fc.oneof(fc.constantFrom('limit', 'cursor', 'x'), hostileText), hostileText), { freq: 6 }),
    fc.option(rawSegment, { freq: 10 }),
  ).map(([declared, extra, raw]) => {
    const pairs = [...declared.filter((p) => p !== null), ...(extra ? [extra] : [])];
    const text = [encodeQuery(pairs), raw ? `q=${raw}` : ''].filter(Boolean).join('&');
    return text ? `?${text}` : '';
  });
  const jsonText = op.body ? valuesFor(op.body, resolve, ids).map((v) => JSON.stringify(v)) : fc.constant('{}');
  const body = fc.oneof(
    { weight: op.body ? 12 : 1, arbitrary: jsonText.map((text) => ({ kind: 'json', bytes: Buffer.from(text) })) },
    { weight: 3, arbitrary: malformedBodies.map((text) => ({ kind: 'malformed', bytes: Buffer.from(text) })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'bad utf-8', bytes: invalidUtf8 }) },
    { weight: op.body ? 0 : 4, arbitrary: fc.constant({ kind: 'none', bytes: undefined as Buffer | undefined }) },
  );
  const contentType = fc.oneof(
    { weight: 10, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('application/merge-patch+json', 'text/plain', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', '') },
  );
  const encoding = fc.oneof(
    { weight: 12, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('gzip', 'br', 'deflate', 'compress', 'identity', 'gzip, br', 'real-gzip') },
  );
  const keys = identities.keys;
  const keyHeader = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(['admin', 'supervisor', 'agent'] as const).map((role) => [role, `Bearer ${keys[role]}`] as const)) },
    { weight: 2, arbitrary: fc.constantFrom(['platform', `Bearer ${keys.platform}`] as const, ['other org', `Bearer ${keys.otherOrgAdmin}`] as const) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<readonly [string, string]>(
        ['no key', ''], ['wrong key', 'Bearer sbk_wrong'], ['empty bearer', 'Bearer'], ['basic', `Basic ${Buffer.from('a:b').toString('base64')}`],
        ['key and junk', `Bearer ${keys.admin} extra`], ['latin-1 key', 'Bearer \u00ff\u00fe'],
      ),
    },
  );
  const signature = fc.constantFrom('good', 'good', 'good', 'missing', 'wrong-secret', 'stale', 'malformed', 'tampered');

  return fc.record({ path, query, body, contentType, encoding, keyHeader, signature }).map((r): HostileRequest => {
    const headers: Record<string, string> = {};
    let bytes = r.body.bytes;
    if (bytes && r.contentType) headers['content-type'] = r.contentType;
    if (bytes && r.encoding === 'real-gzip') {
      bytes = gzipSync(bytes);
      headers['content-encoding'] = 'gzip';
    } else if (bytes && r.encoding) headers['content-encoding'] = r.encoding;
    if (op.access === 'key' && r.keyHeader[1]) headers.authorization = r.keyHeader[1];
    if (op.access === 'carrier') {
      const raw = r.body.bytes ?? Buffer.alloc(0);
      const now = Math.floor(Date.now() / 1000);
      const variants: Record<string, string | undefined> = {
        good: sign(identities.webhookSecret, raw, now), missing: undefined, 'wrong-secret': sign(`${identities.webhookSecret}x`, raw, now),
        stale: sign(identities.webhookSecret, raw, now - 1000), malformed: 't=now,v1=zz', tampered: sign(identities.webhookSecret, Buffer.concat([raw, Buffer.from(' ')]), now),
      };
      const header = variants[r.signature];
      if (header) headers['x-switchboard-signature'] = header;
    }
    if (op.method === 'GET') {
      // fetch sends no body with GET: those requests probe paths, queries and keys.
      bytes = undefined;
      delete headers['content-type'];
      delete headers['content-encoding'];
    }
    const who = op.access === 'carrier' ? r.signature : op.access === 'key' ? r.keyHeader[0] : 'public';
    const label = `${op.method} ${op.template} [${who}; body ${bytes ? r.body.kind : 'none'}${headers['content-encoding'] ? `; ${headers['content-encoding']}` : ''}]`;
    return { label, method: op.method, path: `${r.path}${r.query}`, headers, body: bytes };
  });
}

/** Hostile requests over the operations of the document (all but `skip`), evenly. */
export function hostileRequests(doc: OpenApiDocument, identities: Identities, skip: (op: Operation) => boolean = () => false): fc.Arbitrary<HostileRequest> {
  const resolve = (ref: string) => doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] ?? {};
  return fc.oneof(...operationsOf(doc).filter((op) => !skip(op)).map((op) => requestsFor(op, identities, resolve)));
}
