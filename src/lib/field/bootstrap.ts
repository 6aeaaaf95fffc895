import { getMeta, setMeta } from './store';

/** What /api/v1/field/bootstrap answers (see field.schemas.ts on the server). */
export interface Named {
	code: string;
	nameVi: string;
	nameEn: string;
}
export interface FieldVillage {
	code: string;
	name: string;
	communeName: string | null;
}
export interface FieldBootstrap {
	generatedAt: string;
	today: string;
	villages: FieldVillage[];
	village: FieldVillage | null;
	channels: Named[];
	groups: (Named & { householdCategory: boolean })[];
	householdsShown: boolean;
	households: { id: string; name: string; category: string | null }[];
	plans: { id: string; title: string; unitName: string; themes: string[] }[];
}

export type BootstrapLoad =
	| { kind: 'fresh'; data: FieldBootstrap }
	| { kind: 'cached'; data: FieldBootstrap; signedOut: boolean }
	| { kind: 'none'; signedOut: boolean; error: string | null };

const key = (village: string | null) => 'bootstrap:' + (village ?? '');

/**
 * The village's lists: from the server when it answers (then kept on the phone), otherwise the
 * copy kept last time. The chosen village is remembered.
 */
export async function loadBootstrap(village: string | null): Promise<BootstrapLoad> {
	let signedOut = false;
	let error: string | null = null;
	try {
		const q = village ? '?village=' + encodeURIComponent(village) : '';
		const res = await fetch('/api/v1/field/bootstrap' + q, { credentials: 'same-origin', headers: { accept: 'application/json' } });
		if (res.ok) {
			const data = (await res.json()) as FieldBootstrap;
			await setMeta(key(village), data);
			if (data.village) await setMeta(key(data.village.code), data);
			return { kind: 'fresh', data };
		}
		signedOut = res.status === 401;
		if (!signedOut) error = ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? null;
	} catch {
		/* offline */
	}
	const cached = await getMeta<FieldBootstrap>(key(village));
	return cached ? { kind: 'cached', data: cached, signedOut } : { kind: 'none', signedOut, error };
}

export const getChosenVillage = () => getMeta<string>('village');
export const setChosenVillage = (code: string) => setMeta('village', code);
