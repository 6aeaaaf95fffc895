import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { systemActor, type Actor } from '../access/actor';
import type { Role } from '../access/roles';
import { createUnit } from '../modules/units/units.service';
import { createUser, getUserByUsername } from '../modules/users/users.service';
import { actorForUser } from '../auth/grants';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A unit, created through the service as an administrator would. */
export async function buildUnit(db: Db, over: { code?: string; name?: string; level?: string; parentCode?: string | null; validFrom?: string; validTo?: string } = {}) {
	const level = over.level ?? (over.parentCode ? 'commune' : 'province');
	return createUnit(
		{ db, actor: systemActor },
		{ code: over.code ?? `T${next()}`, name: over.name ?? `Đơn vị ${next()}`, level, parentCode: over.parentCode ?? null, validFrom: over.validFrom, validTo: over.validTo }
	);
}

/** A small tree: two provinces, a commune in each, two villages per commune. */
export async function buildTwoCommunes(db: Db) {
	const p1 = await buildUnit(db, { code: 'P1', name: 'Tỉnh Một', level: 'province' });
	const p2 = await buildUnit(db, { code: 'P2', name: 'Tỉnh Hai', level: 'province' });
	const c1 = await buildUnit(db, { code: 'C1', name: 'Xã Một', level: 'commune', parentCode: 'P1' });
	const c2 = await buildUnit(db, { code: 'C2', name: 'Xã Hai', level: 'commune', parentCode: 'P2' });
	const v11 = await buildUnit(db, { code: 'C1-V1', name: 'Thôn Một', level: 'village', parentCode: 'C1' });
	const v12 = await buildUnit(db, { code: 'C1-V2', name: 'Thôn Hai', level: 'village', parentCode: 'C1' });
	const v21 = await buildUnit(db, { code: 'C2-V1', name: 'Thôn Ba', level: 'village', parentCode: 'C2' });
	return { p1, p2, c1, c2, v11, v12, v21 };
}

/** A user holding one role, and the actor they act as. */
export async function buildActor(db: Db, role: Role, unitCode: string | null, username = `u.${next()}`): Promise<Actor> {
	await createUser(
		{ db, actor: systemActor },
		{ username, displayName: `Người dùng ${username}`, password: 'mat-khau-thu-nghiem', locale: 'vi', roles: [{ role, unitCode }] }
	);
	return actorForUser(db, await getUserByUsername(db, username), 'session');
}

export const uniqueId = () => randomUUID();
