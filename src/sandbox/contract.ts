import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const CONTRACT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../contracts/twilio');
const FILES = [
  'twilio_messaging_v2.senders.json',
  'twilio_api_v2010.numbers_accounts.json',
  'twilio_monitor_v1.alerts.json',
  'twilio_pricing_v1.phone_numbers.json',
];

type Json = Record<string, any>;

interface Operation {
  docId: string;
  path: string;
  method: string;
  op: Json;
}

export interface ContractResult {
  valid: boolean;
  errors: string[];
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * OpenAPI 3.0 to JSON Schema: siblings of $ref are ignored, `nullable` without a type adds
 * nothing, and a nullable enum also allows null. Twilio's `x-twilio.overrideType` is the type on
 * the wire (prices are declared numbers and sent as decimal text).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node && typeof node === 'object') {
    const source = node as Json;
    if (typeof source.$ref === 'string') return { $ref: source.$ref };
    const out: Json = {};
    for (const [k, v] of Object.entries(source)) out[k] = k === 'example' || k === 'examples' ? v : toJsonSchema(v);
    const override = (source['x-twilio'] as Json | undefined)?.overrideType;
    if (typeof override === 'string' && typeof out.type === 'string') out.type = override;
    if (out.nullable === true && out.type === undefined) delete out.nullable;
    if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return node;
}

/** A copy of a schema where every object with declared properties refuses undeclared ones. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = closeObjects(v);
    if (out.properties && typeof out.properties === 'object' && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  }
  return node;
}

/**
 * Twilio's OpenAPI description as a validator. Request bodies are checked strictly (no keys
 * the contract does not name), which is what catches a camelCase body sent to the Senders API.
 */
export class TwilioContract {
  private readonly ajv: Ajv;
  private readonly formAjv: Ajv;
  private readonly operations = new Map<string, Operation>();
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(dir = CONTRACT_DIR) {
    const make = (coerce: boolean) => {
      const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce });
      addFormats(ajv);
      ajv.addFormat('phone-number', /^\+[1-9]\d{1,14}$/);
      ajv.addFormat('http-method', /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/i);
      for (const loose of ['date-time-rfc-2822', 'uri-map', 'phone-number-capabilities', 'iso-country-code', 'currency', 'phone-number-price'])
        ajv.addFormat(loose, true);
      return ajv;
    };
    this.ajv = make(false);
    this.formAjv = make(true);
    for (const file of FILES) {
      const doc = toJsonSchema(JSON.parse(readFileSync(join(dir, file), 'utf8'))) as Json;
      const docId = file.replace(/\.json$/, '');
      for (const ajv of [this.ajv, this.formAjv]) {
        ajv.addSchema(doc, docId);
        ajv.addSchema(closeObjects(doc) as Json, `${docId}.strict`);
      }
      for (const [path, item] of Object.entries(doc.paths as Json)) {
        for (const [method, op] of Object.entries(item as Json)) {
          if (op && typeof op === 'object' && 'operationId' in op) this.operations.set(op.operationId, { docId, path, method, op });
        }
      }
    }
  }

  operation(operationId: string): Operation {
    const found = this.operations.get(operationId);
    if (!found) throw new Error(`Unknown operation ${operationId}`);
    return found;
  }

  validateRequest(operationId: string, body: unknown): ContractResult {
    const { docId, path, method, op } = this.operation(operationId);
    const content = op.requestBody?.content as Json | undefined;
    if (!content)
      return {
        valid: body === undefined || body === null || (typeof body === 'object' && Object.keys(body as object).length === 0),
        errors: ['this operation takes no body'],
      };
    const type = Object.keys(content)[0] as string;
    const form = type === 'application/x-www-form-urlencoded';
    // Twilio documents an empty form value as "clear this field" (e.g. VoiceApplicationSid=).
    const checked = form ? Object.fromEntries(Object.entries(body as Json).filter(([, v]) => v !== '')) : body;
    const ref = `${docId}.strict#/${pointer('paths', path, method, 'requestBody', 'content', type, 'schema')}`;
    return this.run(form ? this.formAjv : this.ajv, ref, checked);
  }

  validateQuery(operationId: string, query: Record<string, string>): ContractResult {
    const { op } = this.operation(operationId);
    const params = ((op.parameters as Json[]) ?? []).filter((p) => p.in === 'query');
    const errors: string[] = [];
    for (const p of params) if (p.required && query[p.name] === undefined) errors.push(`query parameter ${p.name} is required`);
    for (const name of Object.keys(query)) if (!params.some((p) => p.name === name)) errors.push(`query parameter ${name} is not in the contract`);
    return { valid: errors.length === 0, errors };
  }

  validateResponse(operationId: string, status: number, body: unknown): ContractResult {
    const { docId, path, method, op } = this.operation(operationId);
    const response = op.responses?.[String(status)] as Json | undefined;
    if (!response) return { valid: false, errors: [`status ${status} is not a documented response`] };
    if (!response.content) return { valid: body === undefined || body === '' || body === null, errors: ['this response has no body'] };
    const ref = `${docId}#/${pointer('paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema')}`;
    return this.run(this.ajv, ref, body);
  }

  private run(ajv: Ajv, ref: string, data: unknown): ContractResult {
    const key = `${ajv === this.formAjv ? 'form' : 'json'}:${ref}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      this.cache.set(key, validate);
    }
    const copy = structuredClone(data);
    const valid = validate(copy) as boolean;
    return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`.trim()) };
  }
}
