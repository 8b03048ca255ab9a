import { checkPhoto, isReportThumbnail, MAX_JPEG_PIXELS, MAX_PNG_PIXELS, photoExtension, REPORT_THUMBNAIL_SIDE, sniffPhotoType } from "../../app/domain/image-type";
import { makePng } from "../../drizzle/demo-photo";

const jpeg = () => {
  // SOI, an APP0 marker with a little payload, then EOI
  const body = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  return new Uint8Array([...body, ...new Array(100).fill(0x11), 0xff, 0xd9]);
};

describe("sniffPhotoType", () => {
  it("recognises a PNG and a JPEG by their bytes", () => {
    expect(sniffPhotoType(makePng())).toBe("image/png");
    expect(sniffPhotoType(jpeg())).toBe("image/jpeg");
    expect(photoExtension("image/png")).toBe("png");
    expect(photoExtension("image/jpeg")).toBe("jpg");
  });

  it("refuses text, an empty file, other images and truncated headers whatever they are called", () => {
    expect(sniffPhotoType(new TextEncoder().encode("GIF89a....."))).toBeNull();
    expect(sniffPhotoType(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffPhotoType(new TextEncoder().encode("plain text renamed to photo.jpg"))).toBeNull();
    expect(sniffPhotoType(new Uint8Array(0))).toBeNull();
    expect(sniffPhotoType(makePng().subarray(0, 12))).toBeNull();
    // FF D8 FF followed by something that is no JPEG marker
    expect(sniffPhotoType(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x10, 0x20]))).toBeNull();
  });

  it("refuses a PNG signature followed by something other than IHDR", () => {
    const png = Buffer.from(makePng());
    png.write("XXXX", 12, "ascii");
    expect(sniffPhotoType(png)).toBeNull();
  });
});

describe("checkPhoto", () => {
  it("reads PNG and JPEG dimensions, and accepts data after the JPEG end (phone trailers)", () => {
    expect(checkPhoto(makePng(64, 48))).toEqual({ ok: true, type: "image/png", width: 64, height: 48 });
    const sof = [0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01];
    const withTrailer = new Uint8Array([...sof, ...new Array(50).fill(0x22), 0xff, 0xd9, ...new Array(300).fill(0x33)]);
    expect(checkPhoto(withTrailer)).toEqual({ ok: true, type: "image/jpeg", width: 640, height: 480 });
  });

  it("refuses a small PNG that would decode to a huge image (a decompression bomb)", () => {
    const png = Buffer.from(makePng(8, 8));
    png.writeUInt32BE(12_000, 16);
    png.writeUInt32BE(12_000, 20);
    expect(12_000 * 12_000).toBeGreaterThan(MAX_PNG_PIXELS);
    expect(checkPhoto(png)).toEqual({ ok: false, reason: "too_many_pixels" });
    png.writeUInt32BE(4_000, 16);
    png.writeUInt32BE(3_000, 20);
    expect(checkPhoto(png)).toMatchObject({ ok: true, width: 4000, height: 3000 });
  });

  it("refuses a JPEG of more than 40 megapixels, which would be decoded at upload", () => {
    const sof = (width: number, height: number) =>
      new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, ...new Array(40).fill(0x22), 0xff, 0xd9]);
    expect(8000 * 6000).toBeGreaterThan(MAX_JPEG_PIXELS);
    expect(checkPhoto(sof(8000, 6000))).toEqual({ ok: false, reason: "too_many_pixels" });
    expect(checkPhoto(sof(8000, 5000))).toMatchObject({ ok: true, width: 8000, height: 5000 });
  });
});

describe("isReportThumbnail", () => {
  it("takes a picture of at most the report thumbnail's side, nothing larger and nothing unreadable", () => {
    expect(isReportThumbnail(makePng(REPORT_THUMBNAIL_SIDE, 600))).toBe(true);
    expect(isReportThumbnail(makePng(REPORT_THUMBNAIL_SIDE + 1, 600))).toBe(false);
    expect(isReportThumbnail(makePng(600, REPORT_THUMBNAIL_SIDE + 1))).toBe(false);
    expect(isReportThumbnail(new TextEncoder().encode("not a picture"))).toBe(false);
    // a JPEG whose size cannot be read from its header is not trusted either
    expect(isReportThumbnail(jpeg())).toBe(false);
  });
});
