// What a PDF embeds: width and height of every image XObject. pdfkit writes object dictionaries
// uncompressed even when their streams are compressed, so this works on any of its PDFs.
export function embeddedImages(pdf: Buffer): [number, number][] {
  const dicts = pdf.toString("latin1").match(/<<[^<>]*\/Subtype \/Image[^<>]*>>/g) ?? [];
  return dicts.map((d) => [Number(/\/Width (\d+)/.exec(d)?.[1]), Number(/\/Height (\d+)/.exec(d)?.[1])]);
}
