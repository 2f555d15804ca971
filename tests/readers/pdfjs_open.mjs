// Opens a PDF with pdf.js (Firefox's reader) for the scripts beside this file; pdfjs-dist is
// installed here (npm ci). Node 20 before 20.16 lacks Promise.withResolvers, which pdf.js needs.
if (!Promise.withResolvers) {
  Promise.withResolvers = () => {
    let resolve, reject;
    const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
    return { promise, resolve, reject };
  };
}
const { readFileSync } = await import("fs");
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");

export async function openPdf(path) {
  const data = new Uint8Array(readFileSync(path));
  return pdfjs.getDocument({ data, verbosity: 0 }).promise;
}
