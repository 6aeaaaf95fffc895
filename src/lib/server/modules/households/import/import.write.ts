import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client';
import { can, type Actor } from '../../../access/actor';
import { recordChanges, type AuditInput } from '../../../audit/audit.service';
import { findDuplicateCandidatesMany, flagDuplicates, type DuplicateProbe } from '../households.duplicates';
import { normaliseName } from '../households.normalise';
import type { HouseholdCategory } from '../households.schemas';
import {
	insertHouseholds,
	selectMatches,
	updateHouseholds,
	upsertClassifications,
	type ClassificationWrite,
	type HouseholdWrite,
	type MatchRow
} from './import.repository';
import type { ParsedRow } from './import.rows';
import type { Rejections, SpoolEntry } from './import.read';

/**
 * The second pass of an import, inside its one transaction: each batch of checked rows is
 * matched against the register in one query, then written with a handful of multi-row
 * statements (new households, changed households, classifications, audit entries, duplicate
 * flags), whatever the batch size.
 */

export interface WriteContext {
	tx: Db;
	actor: Actor;
	importId: string;
	/** Path of the commune: ID numbers match anywhere in it. */
	communePath: string;
	year: number;
	standardCode: string;
	villageCodes: Map<string, string>;
	labels: { name: string; idNumber: string };
	rejections: Rejections;
	/** Registered households already matched by a row of this file, and by which row. */
	claimed: Map<string, number>;
	counts: { imported: number; updated: number; unchanged: number; duplicates: number };
}

const fields = ['headName', 'birthYear', 'sex', 'idNumber', 'address', 'members', 'ethnicity', 'language', 'phone', 'notes'] as const;
type FieldName = (typeof fields)[number];

function stored(m: MatchRow): Record<FieldName, unknown> {
	return {
		headName: m.head_name,
		birthYear: m.birth_year,
		sex: m.sex,
		idNumber: m.id_number,
		address: m.address,
		members: m.members,
		ethnicity: m.ethnicity,
		language: m.language,
		phone: m.phone,
		notes: m.notes
	};
}

/**
 * The household after the row: what the row gives, what was stored where its cell was blank. A
 * name that differs only in letter case (lists typed in capitals) keeps the stored spelling.
 */
function merge(m: MatchRow, row: ParsedRow): { write: HouseholdWrite; changed: FieldName[]; moved: boolean } {
	const before = stored(m);
	const sameName = m.head_name.toLocaleLowerCase('vi') === row.headName.toLocaleLowerCase('vi');
	const after: Record<FieldName, unknown> = {
		headName: sameName ? m.head_name : row.headName,
		birthYear: row.birthYear ?? m.birth_year,
		sex: row.sex ?? m.sex,
		idNumber: row.idNumber ?? m.id_number,
		address: row.address ?? m.address,
		members: row.members ?? m.members,
		ethnicity: row.ethnicity ?? m.ethnicity,
		language: row.language ?? m.language,
		phone: row.phone ?? m.phone,
		notes: row.notes ?? m.notes
	};
	const changed = fields.filter((f) => before[f] !== after[f]);
	const moved = row.villageId !== m.unit_id;
	const write = {
		id: m.id,
		unitId: row.villageId,
		...(after as Omit<HouseholdWrite, 'id' | 'unitId' | 'headNameNorm'>),
		headNameNorm: normaliseName(after.headName as string)
	};
	return { write, changed, moved };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

const classificationOf = (year: number, c: { category: string; standardCode: string; lacking: string[] }) => ({
	year,
	category: c.category as HouseholdCategory,
	standardCode: c.standardCode,
	lacking: c.lacking
});

/** Matches, decides and writes one batch of rows. Returns the number of rows it wrote or refused. */
export async function writeBatch(w: WriteContext, batch: SpoolEntry[]): Promise<void> {
	const matches = await selectMatches(
		w.tx,
		w.communePath,
		w.year,
		batch.map((e, k) => ({ k, unitId: e.row.villageId, idNumber: e.row.idNumber, nameNorm: e.row.headNameNorm, birthYear: e.row.birthYear }))
	);
	const byRow = new Map<number, MatchRow[]>();
	for (const m of matches) byRow.set(m.k, [...(byRow.get(m.k) ?? []), m]);

	const inserts: HouseholdWrite[] = [];
	const updates: HouseholdWrite[] = [];
	const classifications: ClassificationWrite[] = [];
	const audit: AuditInput[] = [];
	const probes: DuplicateProbe[] = [];
	const context = (line: number) => ({ source: 'import', importId: w.importId, row: line });

	batch.forEach(({ row, cells }, k) => {
		const found = byRow.get(k) ?? [];
		const unique = (via: 'id' | 'key') => [...new Map(found.filter((m) => m.via === via).map((m) => [m.id, m])).values()];
		const byId = unique('id');
		const byKey = unique('key');
		const refuse = (column: string, key: Parameters<Rejections['add']>[3], params?: Record<string, string | number>) =>
			w.rejections.add(row.line, cells, column, key, params);
		if (byId.length > 1) return refuse(w.labels.idNumber, 'householdImport.row.idAmbiguous', { count: byId.length });
		if (!byId.length && byKey.length > 1) return refuse(w.labels.name, 'householdImport.row.keyAmbiguous', { count: byKey.length });
		const target = byId[0] ?? byKey[0] ?? null;
		const lacking = row.lacking ?? target?.lacking ?? [];
		const classification: ClassificationWrite = { householdId: target?.id ?? '', category: row.category, standardCode: w.standardCode, lacking };

		if (!target) {
			const id = randomUUID();
			const write: HouseholdWrite = { id, unitId: row.villageId, ...pick(row) };
			inserts.push(write);
			classifications.push({ ...classification, householdId: id });
			probes.push({ key: id, unitId: row.villageId, idNumber: row.idNumber, headNameNorm: row.headNameNorm, birthYear: row.birthYear, excludeId: id });
			audit.push({
				action: 'household.create',
				entityType: 'household',
				entityId: id,
				unitId: row.villageId,
				after: {
					villageCode: w.villageCodes.get(row.villageId) ?? null,
					fields: fields.filter((f) => write[f] !== null),
					classification: { year: w.year, category: row.category }
				},
				context: context(row.line)
			});
			w.counts.imported++;
			return;
		}

		// A household outside the importer's reach is not theirs to change, even if a row names it.
		if (!can(w.actor, 'households.import', target.unit_path)) return refuse(w.labels.name, 'householdImport.row.outOfScope');
		const earlier = w.claimed.get(target.id);
		if (earlier !== undefined) return refuse(w.labels.name, 'householdImport.row.sameAsRow', { line: earlier });
		w.claimed.set(target.id, row.line);

		const { write, changed, moved } = merge(target, row);
		if (changed.length || moved) {
			updates.push(write);
			audit.push({
				action: moved ? 'household.move' : 'household.update',
				entityType: 'household',
				entityId: target.id,
				unitId: row.villageId,
				before: moved ? { villageCode: w.villageCodes.get(target.unit_id) ?? null } : null,
				after: { fields: changed, ...(moved ? { villageCode: w.villageCodes.get(row.villageId) ?? null } : {}) },
				context: context(row.line)
			});
			if (moved || changed.some((f) => f === 'headName' || f === 'birthYear' || f === 'idNumber'))
				probes.push({ key: target.id, unitId: write.unitId, idNumber: write.idNumber, headNameNorm: write.headNameNorm, birthYear: write.birthYear, excludeId: target.id });
		}
		const classified =
			target.category === row.category && target.standard_code === w.standardCode && sameList(target.lacking ?? [], lacking);
		if (!classified) {
			classifications.push({ ...classification, householdId: target.id });
			audit.push({
				action: 'household.classify',
				entityType: 'household',
				entityId: target.id,
				unitId: row.villageId,
				before: target.category
					? classificationOf(w.year, { category: target.category, standardCode: target.standard_code!, lacking: target.lacking ?? [] })
					: null,
				after: classificationOf(w.year, classification),
				context: context(row.line)
			});
		}
		if (changed.length || moved || !classified) w.counts.updated++;
		else w.counts.unchanged++;
	});

	await insertHouseholds(w.tx, inserts, w.actor.userId);
	await updateHouseholds(w.tx, updates);
	await upsertClassifications(w.tx, w.year, classifications);
	await recordChanges(w.tx, w.actor, audit);
	if (probes.length) {
		const candidates = await findDuplicateCandidatesMany(w.tx, probes);
		const unitOf = new Map(probes.map((p) => [p.key, p.unitId]));
		const opened = await flagDuplicates(
			w.tx,
			w.actor,
			candidates.map((c) => ({ householdId: c.key, otherHouseholdId: c.householdId, reason: c.reason, unitId: unitOf.get(c.key)! })),
			{ source: 'import', importId: w.importId }
		);
		w.counts.duplicates += opened.length;
	}
}

function pick(row: ParsedRow): Omit<HouseholdWrite, 'id' | 'unitId'> {
	const { headName, headNameNorm, birthYear, sex, idNumber, address, members, ethnicity, language, phone, notes } = row;
	return { headName, headNameNorm, birthYear, sex, idNumber, address, members, ethnicity, language, phone, notes };
}
