import { deflateSync } from 'node:zlib';

/**
 * The notebook's icon as a PNG of `size` pixels, drawn in code (the brand mark of the header:
 * a gold ring and dot on the red of the app bar), so no binary file is kept in the repository.
 * Edges are smoothed by sampling each pixel 4 × 4 times. Server-only (node:zlib).
 */
export function iconPng(size: number): Buffer {
	const red = [0x8a, 0x1c, 0x1c];
	const gold = [0xf7, 0xd7, 0x74];
	const unit = size / 32; // the SVG's 32-unit box
	const c = size / 2;
	const ringOuter = 10.25 * unit;
	const ringInner = 7.75 * unit;
	const dot = 3.5 * unit;
	const n = 4;
	const raw = Buffer.alloc((size * 3 + 1) * size);
	for (let y = 0; y < size; y++) {
		const row = y * (size * 3 + 1);
		raw[row] = 0; // filter: none
		for (let x = 0; x < size; x++) {
			let hits = 0;
			for (let sy = 0; sy < n; sy++)
				for (let sx = 0; sx < n; sx++) {
					const dx = x + (sx + 0.5) / n - c;
					const dy = y + (sy + 0.5) / n - c;
					const d = Math.sqrt(dx * dx + dy * dy);
					if (d <= dot || (d >= ringInner && d <= ringOuter)) hits++;
				}
			const a = hits / (n * n);
			for (let k = 0; k < 3; k++) raw[row + 1 + x * 3 + k] = Math.round(red[k] * (1 - a) + gold[k] * a);
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(buf: Buffer): number {
	let c = 0xffffffff;
	for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}
