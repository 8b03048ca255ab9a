// Which image an upload really is, judged by its first bytes (its "magic number"), never by the
// file name or the browser's Content-Type. Pure: no I/O.

export const PHOTO_TYPES = ["image/jpeg", "image/png"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** "image/jpeg" or "image/png" when the bytes are one, else null. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  // PNG: the 8-byte signature, then an IHDR chunk
  if (bytes.length >= 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b) && String.fromCharCode(...bytes.subarray(12, 16)) === "IHDR")
    return "image/png";
  // JPEG: start-of-image FF D8, then a marker FF xx; and an end-of-image FF D9 near the end
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && hasJpegEnd(bytes)) return "image/jpeg";
  return null;
}

function hasJpegEnd(bytes: Uint8Array): boolean {
  // some cameras pad after EOI; look in the last 64 bytes
  for (let i = bytes.length - 2; i >= Math.max(2, bytes.length - 64); i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

export function photoExtension(type: PhotoType): "jpg" | "png" {
  return type === "image/png" ? "png" : "jpg";
}
