import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { tBoth } from '../../../i18n';
import { AppError } from '../../errors';
import type { Db } from '../../db/client';
import { findPortalUnit, type PortalUnit } from './portal.service';

/**
 * Runs a public portal read; a refusal becomes the error page with its status and the message in
 * both languages (visitors may not read the page's language yet), never a 500 for bad input.
 */
export async function orPortalError<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		if (err instanceof AppError) error(err.status, tBoth(err.messageKey, err.params));
		if (err instanceof z.ZodError) error(400, tBoth('error.validation'));
		throw err;
	}
}

/** The portal unit of an address, or the 404 page in both languages. */
export async function requirePortalUnit(db: Db, code: string): Promise<PortalUnit> {
	const unit = await findPortalUnit(db, code);
	if (!unit) error(404, tBoth('portal.notFoundBoth'));
	return unit;
}

/** A merged or dissolved unit's sections answer 404; the error page then links to its successor. */
export function requireActive(unit: PortalUnit): PortalUnit {
	if (!unit.active)
		error(
			404,
			unit.successor
				? tBoth('portal.gone.merged', { unit: unit.name, successor: unit.successor.name, date: unit.validTo ?? '' })
				: tBoth('portal.gone.dissolved', { unit: unit.name, date: unit.validTo ?? '' })
		);
	return unit;
}

/** Headers of a public page or file anyone may cache for a minute (not for signed-in users). */
export function publicCache(signedIn: boolean, seconds = 60): Record<string, string> {
	return signedIn ? {} : { 'cache-control': `public, max-age=${seconds}` };
}
