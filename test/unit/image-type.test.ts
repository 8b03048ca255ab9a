import { checkPhoto, MAX_PNG_PIXELS, photoExtension, sniffPhotoType } from "../../app/domain/image-type";
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
});
