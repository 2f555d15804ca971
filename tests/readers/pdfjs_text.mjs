// The text Firefox's viewer (pdf.js) finds in a PDF: its text items in order, a newline at each
// end of line and page. Usage: node pdfjs_text.mjs FILE.pdf (pdfjs-dist installed beside this file).
if (!Promise.withResolvers) {
  // Node 20 before 20.16 lacks it; pdf.js needs it.
  Promise.withResolvers = () => {
    let resolve, reject;
    const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
    return { promise, resolve, reject };
  };
}
const { readFileSync } = await import("fs");
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
const parts = [];
for (let number = 1; number <= doc.numPages; number++) {
  const content = await (await doc.getPage(number)).getTextContent();
  for (const item of content.items) parts.push(item.str + (item.hasEOL ? "\n" : ""));
  parts.push("\n");
}
process.stdout.write(parts.join(""));
