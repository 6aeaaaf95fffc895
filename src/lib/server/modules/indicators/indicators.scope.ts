import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeLike } from '../../access/actor';
import { rowsOf } from '../activities/activities.reach';

/**
 * The units whose records count for a unit's figures: every unit under it, and every unit that
 * was merged into one of those (transitively: A into B into C), with everything under the merged
 * unit. A commune merged in 2025 thus brings its whole history into its successor's figures.
 *
 * Each unit carries a roll-up key: for a breakdown by the scope's children, the child whose row
 * shows the unit's records (a merged unit's records show under its successor's row).
 */
export interface ScopeUnit {
	id: string;
	path: string;
	/** The unit under the scope whose figures take this unit's records (itself when not merged in). */
	shownAs: string;
	mergedIn: boolean;
}

export interface ResolvedScope {
	rootId: string;
	rootPath: string;
	units: ScopeUnit[];
	/** The root's ancestors: their activities count when they covered a unit of the scope. */
	ancestorIds: string[];
	/** The outermost units merged into the scope (each with its own subtree). */
	mergedRoots: { id: string; path: string }[];
}

const uuidList = (ids: string[]) => `{${ids.join(',')}}`;

/** A uuid[] parameter (one bound value however long the list). */
export const uuidArray = (ids: string[]): SQL => sql`${uuidList(ids)}::uuid[]`;
/** A text[] parameter. */
export const textArray = (values: string[]): SQL => sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => '\\' + c)}"`).join(',')}}`}::text[]`;

/** The scope of a unit's path (see ScopeUnit). */
export async function resolveScope(db: Db, unitPath: string): Promise<ResolvedScope> {
	const prefix = escapeLike(unitPath) + '%';
	const rows = await rowsOf<{ id: string; path: string; successor_id: string | null; merged_in: boolean; merged_root: boolean }>(
		db,
		sql`WITH RECURSIVE m(id, path) AS (
				SELECT u.id, u.path FROM units u JOIN units s ON s.id = u.successor_id
				WHERE s.path LIKE ${prefix} AND u.path NOT LIKE ${prefix}
				UNION
				SELECT u.id, u.path FROM units u JOIN m ON u.successor_id = m.id WHERE u.path NOT LIKE ${prefix}
			)
			SELECT u.id, u.path, u.successor_id, false AS merged_in, false AS merged_root FROM units u WHERE u.path LIKE ${prefix}
			UNION
			SELECT d.id, d.path, d.successor_id, true, d.id IN (SELECT id FROM m) FROM units d JOIN m ON starts_with(d.path, m.path)`
	);
	const root = rows.find((r) => r.path === unitPath);
	const byId = new Map(rows.map((r) => [r.id, r]));
	// A unit merged into another unit of the scope shows as that unit (following its successors);
	// a unit under such a unit shows as what its parent shows as.
	const shown = new Map<string, string>();
	const shownAs = (id: string, seen = new Set<string>()): string => {
		const known = shown.get(id);
		if (known) return known;
		const r = byId.get(id)!;
		let out = id;
		if (!seen.has(id)) {
			seen.add(id);
			if (r.successor_id && byId.has(r.successor_id)) out = shownAs(r.successor_id, seen);
			else if (r.path !== unitPath) {
				const parentId = r.path.split('/').filter(Boolean).at(-2);
				if (parentId && byId.has(parentId)) {
					const parentShown = shownAs(parentId, seen);
					if (parentShown !== parentId) out = parentShown;
				}
			}
		}
		shown.set(id, out);
		return out;
	};
	const units = rows.map((r) => ({ id: r.id, path: r.path, shownAs: shownAs(r.id), mergedIn: r.merged_in }));
	const ancestorIds = unitPath.split('/').filter(Boolean).slice(0, -1);
	return {
		rootId: root?.id ?? unitPath.split('/').filter(Boolean).at(-1) ?? '',
		rootPath: unitPath,
		units,
		ancestorIds,
		mergedRoots: rows.filter((r) => r.merged_root).map((r) => ({ id: r.id, path: r.path }))
	};
}

/**
 * The row key of a unit in a breakdown by the scope's children: the child of the root on the path
 * of the unit it shows as; the root itself for the root's own records.
 */
export function childKeyOf(scope: ResolvedScope, unit: ScopeUnit, pathOf: (id: string) => string | undefined): string {
	const path = pathOf(unit.shownAs) ?? unit.path;
	const rest = path.slice(scope.rootPath.length).split('/').filter(Boolean);
	return rest[0] ?? scope.rootId;
}
