// The items CSV import's parsing, behind a .server module: csv-parse needs Node's Buffer and must
// stay out of the browser bundle of the import page.
export { decodeTextUpload } from "../domain/csv";
export { ITEM_CSV_COLUMNS, validateItemCsv, type ImportProblem } from "../domain/item-import";
