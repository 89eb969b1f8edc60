// Photos from the camera, made small on the phone before they are queued: the longer side at most
// 1600 px, JPEG. A 12-megapixel photo (4-6 MB) becomes a few hundred KB to upload.

export const MAX_SIDE = 1600;
const QUALITY = 0.82;

async function decode(file) {
	if (window.createImageBitmap) {
		try {
			// the photo as taken: EXIF rotation applied
			return await createImageBitmap(file, { imageOrientation: "from-image" });
		} catch (error) {
			// older engines: through an <img> below
		}
	}
	const url = URL.createObjectURL(file);
	try {
		const image = new Image();
		image.src = url;
		await image.decode();
		return image;
	} finally {
		URL.revokeObjectURL(url);
	}
}

/** A JPEG Blob of `file` whose longer side is at most `max` pixels. */
export async function resize(file, max = MAX_SIDE) {
	const image = await decode(file);
	const width = image.width || image.naturalWidth;
	const height = image.height || image.naturalHeight;
	const scale = Math.min(1, max / Math.max(width, height));
	const canvas = document.createElement("canvas");
	canvas.width = Math.max(1, Math.round(width * scale));
	canvas.height = Math.max(1, Math.round(height * scale));
	const context = canvas.getContext("2d");
	// a transparent PNG (a screenshot) gets a white background, as on paper
	context.fillStyle = "#fff";
	context.fillRect(0, 0, canvas.width, canvas.height);
	context.drawImage(image, 0, 0, canvas.width, canvas.height);
	if (image.close) image.close();
	const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
	if (!blob) throw new Error("The photo could not be read.");
	return { blob, width: canvas.width, height: canvas.height };
}
