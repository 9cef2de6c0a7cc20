import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';

type Spec = { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> };

/**
 * Checks requests against a slice of a carrier's published OpenAPI description (test/carriers/specs): the
 * operation must exist there and its body must satisfy the carrier's own request schema.
 */
export class OpenApiCheck {
  private readonly spec: Spec;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file: string, options: { coerceTypes?: boolean } = {}) {
    this.spec = JSON.parse(readFileSync(new URL(`../specs/${file}`, import.meta.url), 'utf8')) as Spec;
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 ones are close to draft-07 (with `nullable`, which Ajv knows).
    const Validator = this.spec.openapi.startsWith('3.1') ? Ajv2020 : Ajv;
    this.ajv = new Validator({ strict: false, validateFormats: false, allErrors: true, coerceTypes: options.coerceTypes ?? false });
    this.ajv.addSchema(this.spec as object, 'spec');
  }

  /** What is wrong with this request in the carrier's terms; empty when nothing is. */
  problems(method: string, path: string, body: unknown, contentType = 'application/json'): string[] {
    const template = Object.keys(this.spec.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
    const operation = template ? this.spec.paths[template]![method.toLowerCase()] : undefined;
    if (!template || !operation) return [`${method} ${path} is not an operation of the published API`];
    const schema = operation.requestBody?.content[contentType]?.schema;
    if (!schema) return [`${method} ${template} takes no ${contentType} body`];
    const key = `${method} ${template} ${contentType}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `spec#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/requestBody/content/${contentType.replace(/\//g, '~1')}/schema` });
      this.compiled.set(key, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${template} ${e.instancePath || '(body)'} ${e.message}`);
  }

  /** What is wrong with a document against a named component schema (a webhook the test sends as the carrier). */
  schemaProblems(component: string, document: unknown): string[] {
    const validate = this.ajv.getSchema(`spec#/components/schemas/${component}`);
    if (!validate) return [`no schema ${component}`];
    return validate(document) ? [] : (validate.errors ?? []).map((e) => `${component} ${e.instancePath || '(root)'} ${e.message}`);
  }
}
