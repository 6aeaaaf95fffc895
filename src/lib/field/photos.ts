/** Longest side of a photo as sent: enough to read a banner or a sign-in sheet, small on a weak network. */
export const MAX_PHOTO_SIDE = 1600;
export const JPEG_QUALITY = 0.82;

/** The size a photo is scaled to so that its longer side is at most `max` (never enlarged). */
export function fitWithin(width: number, height: number, max = MAX_PHOTO_SIDE): { width: number; height: number } {
	const scale = Math.min(1, max / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A picture from the camera or a file, redrawn on a canvas as JPEG with its longer side at most
 * 1,600 px (the camera's 4,000-px photo of several MB becomes a few hundred KB). A file the
 * browser cannot decode is refused with null, so nothing unreadable is queued.
 */
export async function resizePhoto(file: Blob): Promise<Blob | null> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' } as ImageBitmapOptions);
	} catch {
		return null;
	}
	const { width, height } = fitWithin(bitmap.width, bitmap.height);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const g = canvas.getContext('2d');
	if (!g) return null;
	g.fillStyle = '#fff';
	g.fillRect(0, 0, width, height);
	g.drawImage(bitmap, 0, 0, width, height);
	bitmap.close();
	return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/jpeg', JPEG_QUALITY));
}
