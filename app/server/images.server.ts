// Photo thumbnails, made with sharp (libvips). An original is decoded once, when it is uploaded (or,
// for a photo stored before thumbnails existed, the first time one is needed), into a JPEG of at
// most REPORT_THUMBNAIL_SIDE pixels a side; the page's smaller thumbnail is made from that one.
// Every decode is bounded: a pixel limit checked before decoding, a time limit inside libvips, and
// one decode at a time per process with a short waiting line, so many uploads at once cannot
// exhaust memory.
import sharp from "sharp";
import { MAX_JPEG_PIXELS, PAGE_THUMBNAIL_SIDE, REPORT_THUMBNAIL_SIDE } from "../domain/image-type";
import { Semaphore } from "../domain/semaphore";
import { checkNotStopped, processLimit, runLimited, TimeLimitError, type Limit } from "./limits.server";

// libvips' operation cache keeps decoded images around for reuse; each photo is decoded once anyway
sharp.cache(false);

const DECODE_SECONDS = 10;

/** One decode at a time, eight more waiting at most, each waiting up to 15 s. */
export function photoDecodeLimit(): Limit {
  return processLimit("photo-decode", () => ({
    semaphore: new Semaphore(1, 8),
    waitMs: 15_000,
    timeLimitMs: (DECODE_SECONDS + 5) * 1000,
    busyMessage: "The server is busy processing other photos. Try again in a moment.",
    timeoutMessage: "Processing the photo took too long. Try again in a moment, or upload a smaller picture.",
    retryAfterSeconds: 5,
  }));
}

/** The photo is not a picture libvips can read (damaged or not really a JPEG or PNG). */
export class UnreadableImageError extends Error {
  constructor(cause: unknown) {
    super("The picture could not be read.", { cause });
    this.name = "UnreadableImageError";
  }
}

/** The photo has more pixels than may be decoded. */
export class ImageTooLargeError extends Error {
  constructor() {
    super("The picture has too many pixels.");
    this.name = "ImageTooLargeError";
  }
}

export interface Thumbnails {
  report: Buffer;
  page: Buffer;
}

/**
 * Decodes `bytes` (JPEG or PNG) once into the report and page thumbnails, upright (EXIF orientation
 * applied), on white (transparency flattened), without metadata (no GPS position). Throws
 * BusyError / TimeLimitError (limits.server), ImageTooLargeError or UnreadableImageError.
 */
export async function makeThumbnails(bytes: Uint8Array, signal?: AbortSignal): Promise<Thumbnails> {
  return runLimited(photoDecodeLimit(), async (stop) => {
    checkNotStopped(signal);
    const report = await shrink(bytes, REPORT_THUMBNAIL_SIDE, true);
    checkNotStopped(stop);
    const page = await shrink(report, PAGE_THUMBNAIL_SIDE, false);
    return { report, page };
  });
}

async function shrink(bytes: Uint8Array, side: number, original: boolean): Promise<Buffer> {
  try {
    let image = sharp(bytes, { limitInputPixels: MAX_JPEG_PIXELS, sequentialRead: true, failOn: "error" });
    if (original) image = image.rotate();
    return await image
      .resize(side, side, { fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 82 })
      .timeout({ seconds: DECODE_SECONDS })
      .toBuffer();
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) throw new ImageTooLargeError();
    if (e instanceof Error && /^timeout/i.test(e.message)) throw new TimeLimitError(photoDecodeLimit().timeoutMessage, photoDecodeLimit().retryAfterSeconds);
    throw new UnreadableImageError(e);
  }
}
