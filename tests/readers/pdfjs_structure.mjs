// The structure tree as Firefox's viewer (pdf.js) hands it to a screen reader: for each page,
// its tree from page.getStructTree(), each marked-content leaf replaced by the text pdf.js
// reads in it (getTextContent({includeMarkedContent: true})). Prints JSON: one tree per page,
// nodes {role, lang, alt, children}, text leaves {text}.
// Usage: node pdfjs_structure.mjs FILE.pdf (pdfjs-dist installed beside this file).
import { openPdf } from "./pdfjs_open.mjs";

const doc = await openPdf(process.argv[2]);

function textByContent(items) {
  const texts = new Map();
  const open = [];
  let untagged = "";
  for (const item of items) {
    if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
      open.push(item.id ?? null);
    } else if (item.type === "endMarkedContent") {
      open.pop();
    } else {
      const id = open.findLast((x) => x !== null);
      const str = item.str + (item.hasEOL ? "\n" : "");
      if (id === undefined) {
        if (open.length === 0) untagged += str;
      } else {
        texts.set(id, (texts.get(id) ?? "") + str);
      }
    }
  }
  return { texts, untagged };
}

function resolve(node, texts) {
  if (node.type === "content") return { text: texts.get(node.id) ?? "" };
  if (node.type === "object" || node.type === "annotation") return { text: "" };
  return {
    role: node.role, lang: node.lang ?? null, alt: node.alt ?? null,
    children: (node.children ?? []).map((kid) => resolve(kid, texts)),
  };
}

const pages = [];
for (let number = 1; number <= doc.numPages; number++) {
  const page = await doc.getPage(number);
  const tree = await page.getStructTree();
  const content = await page.getTextContent({ includeMarkedContent: true });
  const { texts, untagged } = textByContent(content.items);
  pages.push({ tree: tree ? resolve(tree, texts) : null, untagged });
}
process.stdout.write(JSON.stringify(pages));
