import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH, type HashedFields } from './hash';

const entry: HashedFields = {
	seq: 7,
	at: new Date('2026-03-01T02:03:04.005Z'),
	kind: 'change',
	actorId: '2f0e4b4e-6a53-4c1b-9d57-8f1f2d6a0b11',
	actorName: 'can.bo',
	action: 'unit.update',
	entityType: 'unit',
	entityId: 'u-1',
	unitId: null,
	before: { name: 'Xã Một', validTo: null },
	after: { name: 'Xã Một Mới', validTo: '2025-06-30' },
	context: { via: 'session', ip: '10.0.0.1' },
	prevHash: GENESIS_HASH
};

describe('canonical JSON', () => {
	it('sorts keys at every depth, so a jsonb round trip hashes the same', () => {
		expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}');
		expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
	});

	it('drops undefined fields, writes null and dates as ISO strings', () => {
		expect(canonicalJson({ a: undefined, b: null, c: new Date('2026-01-02T03:04:05.006Z') })).toBe('{"b":null,"c":"2026-01-02T03:04:05.006Z"}');
		expect(canonicalJson(undefined)).toBe('null');
		expect(canonicalJson('Lan Tỏa')).toBe('"Lan Tỏa"');
	});
});

describe('entry hash', () => {
	it('is a SHA-256 hex digest, stable for the same fields', () => {
		const h = entryHash(entry);
		expect(h).toMatch(/^[0-9a-f]{64}$/);
		expect(entryHash({ ...entry, before: { validTo: null, name: 'Xã Một' } })).toBe(h);
	});

	it.each([
		['seq', { seq: 8 }],
		['at', { at: new Date('2026-03-01T02:03:04.006Z') }],
		['kind', { kind: 'access' }],
		['actorId', { actorId: null }],
		['actorName', { actorName: 'ke.gia.mao' }],
		['action', { action: 'unit.delete' }],
		['entityType', { entityType: 'user' }],
		['entityId', { entityId: 'u-2' }],
		['unitId', { unitId: 'u-1' }],
		['before', { before: { name: 'Xã Hai', validTo: null } }],
		['after', { after: null }],
		['context', { context: { via: 'token', ip: '10.0.0.1' } }],
		['prevHash', { prevHash: 'f'.repeat(64) }]
	] as [string, Partial<HashedFields>][])('changes when %s changes', (_, change) => {
		expect(entryHash({ ...entry, ...change })).not.toBe(entryHash(entry));
	});
});
