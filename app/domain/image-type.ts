// Which image an upload really is, judged by its first bytes (its "magic number"), never by the
// file name or the browser's Content-Type, and how big it is once decoded. Pure: no I/O.

export const PHOTO_TYPES = ["image/jpeg", "image/png"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** A small file of huge dimensions is a memory bomb when decoded: PNGs are capped tighter than JPEGs. */
export const MAX_PNG_PIXELS = 24_000_000;
export const MAX_SIDE = 12_000;
/** The most pixels any photo may have: each one is decoded once, at upload, into thumbnails. */
export const MAX_JPEG_PIXELS = 40_000_000;

/**
 * The longest side of the thumbnail the inspection report draws (JPEG), and of the smaller one the
 * inspection page shows. The report never embeds anything larger: an original can be 40 megapixels.
 */
export const REPORT_THUMBNAIL_SIDE = 1024;
export const PAGE_THUMBNAIL_SIDE = 320;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export type PhotoCheck = { ok: true; type: PhotoType; width: number | null; height: number | null } | { ok: false; reason: "not_an_image" | "too_many_pixels" };

/** "image/jpeg" or "image/png" when the bytes are one, else null. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  const c = checkPhoto(bytes);
  return c.ok ? c.type : null;
}

/** The photo's type and size from its header; refuses other files and images too large to decode safely. */
export function checkPhoto(bytes: Uint8Array): PhotoCheck {
  // PNG: the 8-byte signature, then the IHDR chunk with width and height
  if (bytes.length >= 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b) && String.fromCharCode(...bytes.subarray(12, 16)) === "IHDR") {
    const width = readU32(bytes, 16);
    const height = readU32(bytes, 20);
    if (width === 0 || height === 0) return { ok: false, reason: "not_an_image" };
    if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PNG_PIXELS) return { ok: false, reason: "too_many_pixels" };
    return { ok: true, type: "image/png", width, height };
  }
  // JPEG: start-of-image FF D8, then a marker segment (APPn, DQT, SOFn, COM ...). Phones may append
  // data after the end-of-image marker, so the end is not required.
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && isJpegMarker(bytes[3])) {
    const size = jpegSize(bytes);
    if (size && (size.width > MAX_SIDE * 2 || size.height > MAX_SIDE * 2 || size.width * size.height > MAX_JPEG_PIXELS)) return { ok: false, reason: "too_many_pixels" };
    return { ok: true, type: "image/jpeg", width: size?.width ?? null, height: size?.height ?? null };
  }
  return { ok: false, reason: "not_an_image" };
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
}

function isJpegMarker(m: number): boolean {
  return (m >= 0xe0 && m <= 0xef) || m === 0xdb || m === 0xc4 || m === 0xfe || (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc);
}

/** Width and height from the first start-of-frame segment, walking the marker segments. */
function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    const length = (b[i + 2] << 8) + b[i + 3];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: (b[i + 5] << 8) + b[i + 6], width: (b[i + 7] << 8) + b[i + 8] };
    if (length < 2) return null;
    i += 2 + length;
  }
  return null;
}

export function photoExtension(type: PhotoType): "jpg" | "png" {
  return type === "image/png" ? "png" : "jpg";
}

/** Whether the bytes are a JPEG or PNG small enough to draw in the report without a costly decode. */
export function isReportThumbnail(bytes: Uint8Array): boolean {
  const c = checkPhoto(bytes);
  return c.ok && c.width !== null && c.height !== null && c.width <= REPORT_THUMBNAIL_SIDE && c.height <= REPORT_THUMBNAIL_SIDE;
}
