/**
 * A small XML tokenizer for the parts of a .docx: start tags with their attributes, end tags and
 * text, in order. Entities are the five predefined ones and numeric references; a DOCTYPE is
 * skipped and never expanded, so an entity bomb is plain text.
 */
export type XmlEvent =
	| { type: 'open'; name: string; attrs: string; selfClosing: boolean }
	| { type: 'close'; name: string }
	| { type: 'text'; text: string };

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>|([^<]+)|</g;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, name: string) => {
		if (name[0] === '#') {
			const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
		}
		return ENTITIES[name] ?? m;
	});
}

export function* xmlEvents(xml: string): Generator<XmlEvent> {
	TOKEN.lastIndex = 0;
	for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
		if (m[3] !== undefined) {
			if (m[2] === '/') yield { type: 'close', name: m[3] };
			else yield { type: 'open', name: m[3], attrs: m[4], selfClosing: m[5] === '/' || m[4].endsWith('/') };
		} else if (m[6] !== undefined) yield { type: 'text', text: decodeEntities(m[6]) };
		else if (m[1] !== undefined) yield { type: 'text', text: m[1] };
	}
}

/** One attribute of a start tag's attribute text, entities decoded; null when absent. */
export function attr(attrs: string, name: string): string | null {
	const m = new RegExp(`(?:^|\\s)${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
	return m ? decodeEntities(m[1] ?? m[2]) : null;
}

/** A `w:val`-style switch: absent or anything but "0", "false", "off" means on. */
export function isOn(attrs: string): boolean {
	const v = attr(attrs, 'w:val');
	return v === null || !['0', 'false', 'off', 'none'].includes(v);
}
