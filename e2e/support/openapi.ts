/** Reading the API's OpenAPI document: its operations, and which JSON bodies its schemas refuse. */

/** The part of JSON Schema the API's OpenAPI document uses. */
export interface JsonSchema {
	type?: string | string[];
	anyOf?: JsonSchema[];
	oneOf?: JsonSchema[];
	enum?: unknown[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: boolean | JsonSchema;
}

/** One operation of the OpenAPI document, as the fuzzer needs it. */
export interface Operation {
	method: string;
	/** Template with `{name}` placeholders, as in the document. */
	path: string;
	pathParams: string[];
	queryParams: string[];
	/** Schema of the JSON body, when the operation reads one. */
	jsonBody?: JsonSchema;
	/** Other content types the operation reads (uploads). */
	otherBodyTypes: string[];
}

export interface OpenApiDocument {
	paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
	const ops: Operation[] = [];
	for (const [path, byMethod] of Object.entries(doc.paths))
		for (const [method, op] of Object.entries(byMethod)) {
			const content = op.requestBody?.content ?? {};
			ops.push({
				method: method.toUpperCase(),
				path,
				pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
				queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
				jsonBody: content['application/json']?.schema,
				otherBodyTypes: Object.keys(content).filter((t) => t !== 'application/json')
			});
		}
	return ops;
}

// Bodies that cannot be valid. The fuzzer signs in as the administrator and aims at real records,
// so a body that happened to pass validation would be a real change (a PATCH of `{}` renames
// nothing but still writes; a password reset would end the fuzzer's own session). Every JSON
// body it sends is therefore checked, the way the server reads it, to be invalid for its schema.

function typesOf(s: JsonSchema | undefined): Set<string> | null {
	if (!s) return null;
	const alternatives = s.anyOf ?? s.oneOf;
	if (alternatives) {
		const out = new Set<string>();
		for (const a of alternatives) {
			const t = typesOf(a);
			if (t === null) return null;
			for (const x of t) out.add(x);
		}
		return out;
	}
	if (s.type) return new Set(Array.isArray(s.type) ? s.type : [s.type]);
	if (s.enum) return new Set(s.enum.map(jsonType));
	return null;
}

function jsonType(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

function typeAllowed(v: unknown, s: JsonSchema | undefined): boolean {
	const types = typesOf(s);
	if (types === null) return true;
	const t = jsonType(v);
	if (t === 'number') return types.has('number') || (types.has('integer') && Number.isInteger(v));
	return types.has(t);
}

/** False only when `value` is certainly refused by `schema` (wrong type, unknown or missing key). */
export function mightBeValid(value: unknown, schema: JsonSchema): boolean {
	if (!typeAllowed(value, schema)) return false;
	if (jsonType(value) === 'object' && schema.properties) {
		const obj = value as Record<string, unknown>;
		const keys = Object.keys(obj);
		if (schema.additionalProperties === false && keys.some((k) => !Object.hasOwn(schema.properties!, k))) return false;
		if ((schema.required ?? []).some((k) => !Object.hasOwn(obj, k))) return false;
		if (keys.some((k) => Object.hasOwn(schema.properties!, k) && !typeAllowed(obj[k], schema.properties![k]))) return false;
	}
	return true;
}

/** The body as the server will see it: UTF-8 decoding drops a leading BOM, then JSON.parse. */
export function textMightBeValid(text: string, schema: JsonSchema): boolean {
	let value: unknown;
	try {
		value = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		return false;
	}
	return mightBeValid(value, schema);
}
