import type { Unit } from './units.schemas';
import type { UnitWithCodes } from './units.repository';

export function presentUnit({ unit, parentCode, successorCode }: UnitWithCodes): Unit {
	return {
		id: unit.id,
		code: unit.code,
		name: unit.name,
		level: unit.level,
		parentCode,
		validFrom: unit.validFrom,
		validTo: unit.validTo,
		successorCode,
		active: unit.validTo === null && unit.successorId === null
	};
}
