import { z } from 'zod';
import { CalendarDate } from '../activities/activities.schemas';
import { moneySchema, optionalMoneySchema } from '../../money';

export const sponsorKinds = ['enterprise', 'organisation', 'individual', 'better_off_household'] as const;
export type SponsorKind = (typeof sponsorKinds)[number];
export const pledgeKinds = ['cash', 'in_kind'] as const;
export const helperKinds = ['sponsor', 'organisation_member', 'better_off_household'] as const;
export type HelperKind = (typeof helperKinds)[number];

/** A gift or pledge larger than this (100 billion đồng) is a typing error, not a gift. */
export const MAX_MONEY = 100_000_000_000;

/**
 * An amount of money in whole đồng, read by the shared reader (../../money): a form sends text
 * ("5000000" or "5.000.000" with dots between thousands); the API sends a number. Fractions,
 * signs and words are refused with a message that says so, never rounded.
 */
const moneyMessages = {
	required: 'mobilisation.amountRequired',
	format: 'mobilisation.amountInteger',
	notPositive: 'mobilisation.amountPositive',
	tooLarge: 'mobilisation.amountTooLarge'
};
export const Money = moneySchema(MAX_MONEY, moneyMessages);
/** An amount that may be left blank (null). */
export const OptionalMoney = optionalMoneySchema(MAX_MONEY, moneyMessages);

/** Text of a form field: blank means "not given" (null). */
const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.nullish()
		.transform((v) => (v ? v : null));
const requiredText = (max: number, key: string) => z.string({ message: key }).trim().min(1, key).max(max);
/** A checkbox of a form ("on") or a JSON boolean. */
const Flag = z
	.union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
	.nullish()
	.transform((v) => v === true || v === 'on' || v === 'true');
const UnitCode = z.string().trim().min(1, 'mobilisation.unitRequired').max(40);

export const SponsorInput = z
	.object({
		unit: UnitCode,
		kind: z.enum(sponsorKinds, { message: 'mobilisation.kindUnknown' }),
		name: requiredText(200, 'mobilisation.nameRequired'),
		contactPerson: optionalText(200),
		phone: optionalText(30).refine((p) => p === null || /^\+?[0-9 .-]{8,20}$/.test(p), 'mobilisation.phoneFormat'),
		address: optionalText(300),
		consentPublic: Flag,
		consentContact: Flag,
		note: optionalText(1000)
	})
	.strict();
export type SponsorInput = z.infer<typeof SponsorInput>;

export const PledgeInput = z
	.object({
		kind: z.enum(pledgeKinds, { message: 'mobilisation.pledgeKindUnknown' }),
		amount: Money,
		description: optionalText(500),
		pledgedOn: CalendarDate,
		purpose: optionalText(500)
	})
	.strict()
	.refine((p) => p.kind === 'cash' || p.description !== null, { path: ['description'], message: 'mobilisation.inKindDescription' });
export type PledgeInput = z.infer<typeof PledgeInput>;

export const ReceiptInput = z
	.object({
		amount: Money,
		receivedOn: CalendarDate,
		receivedBy: requiredText(200, 'mobilisation.receivedByRequired'),
		overDelivery: Flag,
		note: optionalText(500)
	})
	.strict();
export type ReceiptInput = z.infer<typeof ReceiptInput>;

export const GiftInput = z
	.object({
		household: z.uuid('mobilisation.householdUnknown').nullish().transform((v) => v ?? null),
		activity: z.uuid('mobilisation.activityUnknown').nullish().transform((v) => v ?? null),
		description: requiredText(500, 'mobilisation.giftDescriptionRequired'),
		value: Money,
		givenOn: CalendarDate
	})
	.strict()
	.refine((g) => (g.household === null) !== (g.activity === null), { path: ['household'], message: 'mobilisation.giftTarget' });
export type GiftInput = z.infer<typeof GiftInput>;

export const PairingInput = z
	.object({
		household: z.uuid('mobilisation.householdUnknown'),
		helperKind: z.enum(helperKinds, { message: 'mobilisation.helperKindUnknown' }),
		sponsor: z.uuid('mobilisation.sponsorUnknown').nullish().transform((v) => v ?? null),
		helperName: optionalText(200),
		helperOrganisation: optionalText(200),
		fromDate: CalendarDate,
		toDate: CalendarDate.nullish().transform((v) => v ?? null),
		goal: requiredText(1000, 'mobilisation.goalRequired'),
		storyConsent: Flag
	})
	.strict()
	.superRefine((p, ctx) => {
		if (p.helperKind === 'sponsor' && !p.sponsor) ctx.addIssue({ code: 'custom', path: ['sponsor'], message: 'mobilisation.sponsorRequired' });
		if (p.helperKind !== 'sponsor' && !p.helperName) ctx.addIssue({ code: 'custom', path: ['helperName'], message: 'mobilisation.helperNameRequired' });
		if (p.toDate && p.toDate < p.fromDate) ctx.addIssue({ code: 'custom', path: ['toDate'], message: 'mobilisation.dateOrder' });
	});
export type PairingInput = z.infer<typeof PairingInput>;

export const VisitInput = z
	.object({
		visitedOn: CalendarDate,
		support: requiredText(1000, 'mobilisation.supportRequired'),
		value: OptionalMoney,
		notes: optionalText(1000)
	})
	.strict();
export type VisitInput = z.infer<typeof VisitInput>;

export const ListQuery = z
	.object({
		limit: z.coerce.number().int().min(1).max(200).default(50),
		offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
	})
	.strict();
export type ListQuery = z.infer<typeof ListQuery>;

export const SponsorView = z.object({
	id: z.uuid(),
	unitCode: z.string(),
	unitName: z.string(),
	kind: z.enum(sponsorKinds),
	name: z.string(),
	contactPerson: z.string().nullable(),
	phone: z.string().nullable(),
	address: z.string().nullable(),
	consentPublic: z.boolean(),
	consentContact: z.boolean(),
	note: z.string().nullable(),
	pledged: z.number().int(),
	received: z.number().int()
});
export type SponsorView = z.infer<typeof SponsorView>;

export const PairingView = z.object({
	id: z.uuid(),
	unitCode: z.string(),
	unitName: z.string(),
	householdId: z.uuid(),
	/** The household head's name, only for those who read the register there (access-logged). */
	householdName: z.string().nullable(),
	helperKind: z.enum(helperKinds),
	sponsorId: z.uuid().nullable(),
	helperName: z.string(),
	helperOrganisation: z.string().nullable(),
	fromDate: z.string(),
	toDate: z.string().nullable(),
	goal: z.string(),
	storyConsent: z.boolean(),
	/** Category in the year the pairing started (poor or near_poor). */
	startCategory: z.string().nullable(),
	/** The latest classification after the start year, and whether it shows the household out of poverty. */
	laterYear: z.number().int().nullable(),
	laterCategory: z.string().nullable(),
	escaped: z.boolean().nullable(),
	visits: z.number().int()
});
export type PairingView = z.infer<typeof PairingView>;
