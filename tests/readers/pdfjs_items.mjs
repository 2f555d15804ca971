// The text items Firefox's viewer (pdf.js) makes of one page, where it puts them: one JSON array
// of [text, x, y, width] in PDF user space (y at the baseline), in the order pdf.js reads them,
// the text of an item that ends a line followed by a newline (as the viewer's search reads it).
// Usage: node pdfjs_items.mjs FILE.pdf PAGE (pdfjs-dist installed beside this file).
import { openPdf } from "./pdfjs_open.mjs";

const doc = await openPdf(process.argv[2]);
const content = await (await doc.getPage(Number(process.argv[3]))).getTextContent();
const items = content.items.map((item) =>
  [item.str + (item.hasEOL ? "\n" : ""), item.transform[4], item.transform[5], item.width]);
process.stdout.write(JSON.stringify(items));
