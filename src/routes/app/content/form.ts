/** A content form's fields as the service's input: themes one per line, audiences ticked, blanks not given. */
import type { ContentPriority } from '$lib/server/modules/content/content.schemas';

export async function contentFields(request: Request) {
	const data = await request.formData();
	const one = (name: string) => {
		const v = data.get(name);
		return typeof v === 'string' ? v : undefined;
	};
	const audiences = data.getAll('audiences').filter((v): v is string => typeof v === 'string');
	const themes = (one('themes') ?? '')
		.split('\n')
		.map((t) => t.trim())
		.filter(Boolean);
	const kind = one('kind');
	const priority = one('priority');
	const input = {
		title: one('title') ?? '',
		summary: one('summary') ?? '',
		body: one('body') ?? '',
		themes,
		audiences,
		// A priority is for bulletins; the form shows "normal" for every kind, which is no priority at all.
		...(priority && (priority !== 'normal' || kind === 'bulletin' || kind === undefined) ? { priority: priority as ContentPriority } : {})
	};
	/** What to show again if the form comes back with an error. */
	const typed: Record<string, string | string[]> = { ...Object.fromEntries([...data].filter(([, v]) => typeof v === 'string')), audiences } as Record<string, string | string[]>;
	return { input, unit: one('unit') ?? '', kind: kind ?? '', typed };
}
