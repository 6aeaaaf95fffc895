/** A story form's fields as the service's input; blank optional fields are "not given" (new) or "cleared" (edit). */
export async function storyFields(request: Request) {
	const data = await request.formData();
	const typed: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string') typed[k] = v;
	const text = (name: string) => typed[name] ?? '';
	const optional = (name: string, blank: null | undefined) => (text(name).trim() === '' ? blank : text(name).trim());
	const fields = (blank: null | undefined) => ({
		subjectName: text('subjectName'),
		title: text('title'),
		summary: text('summary'),
		whatTheyDid: text('whatTheyDid'),
		results: text('results'),
		householdId: optional('householdId', blank),
		beforeYear: optional('beforeYear', blank) as unknown as number | null | undefined,
		afterYear: optional('afterYear', blank) as unknown as number | null | undefined
	});
	return { typed, create: { ...fields(undefined), unit: text('unit'), subjectKind: text('subjectKind') as never }, update: fields(null) };
}
