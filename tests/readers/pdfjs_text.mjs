// The text Firefox's viewer (pdf.js) finds in a PDF: its text items in order, a newline at each
// end of line and page. Usage: node pdfjs_text.mjs FILE.pdf (pdfjs-dist installed beside this file).
import { openPdf } from "./pdfjs_open.mjs";

const doc = await openPdf(process.argv[2]);
const parts = [];
for (let number = 1; number <= doc.numPages; number++) {
  const content = await (await doc.getPage(number)).getTextContent();
  for (const item of content.items) parts.push(item.str + (item.hasEOL ? "\n" : ""));
  parts.push("\n");
}
process.stdout.write(parts.join(""));
