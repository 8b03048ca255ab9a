import { photoExtension, sniffPhotoType } from "../../app/domain/image-type";
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
    // a JPEG start with no end-of-image marker is not a whole picture
    expect(sniffPhotoType(jpeg().subarray(0, 60))).toBeNull();
  });

  it("refuses a PNG signature followed by something other than IHDR", () => {
    const png = Buffer.from(makePng());
    png.write("XXXX", 12, "ascii");
    expect(sniffPhotoType(png)).toBeNull();
  });
});
