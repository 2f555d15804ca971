// The studio page: each change of the form asks /api/preview for the document and shows
// its pages, its translation status and its print check. Plain JavaScript, no libraries.
"use strict";

(function () {
  const form = document.getElementById("choices");
  const $ = (id) => document.getElementById(id);
  const SIZED = ["poster", "digest", "multilingual"];
  let timer = null;
  let asked = 0;
  let shown = null; // the query of the preview asked for last

  function query() {
    const data = new FormData(form);
    const doc = data.get("doc");
    const params = new URLSearchParams({ doc: doc });
    if (doc !== "multilingual") params.set("lang", data.get("lang") || "");
    if (SIZED.includes(doc)) params.set("size", data.get("size") || "tabloid");
    const site = (data.get("site") || "").trim();
    if (site) params.set("site", site); // printed on some documents; chooses the print pack
    if (data.get("branding")) params.set("branding", data.get("branding"));
    if (doc === "handout" && data.get("with_english")) params.set("with_english", "1");
    return params.toString();
  }

  // Show only the fields that matter for the chosen document.
  function arrange() {
    const doc = new FormData(form).get("doc");
    const all = doc === "multilingual";
    for (const input of form.querySelectorAll("input[name=lang]")) input.disabled = all;
    $("every-language").hidden = !all;
    $("size").disabled = !SIZED.includes(doc);
    $("size-note").hidden = SIZED.includes(doc);
    $("english-field").hidden = doc !== "handout";
  }

  function schedule() {
    arrange();
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  }

  async function update() {
    const wanted = query();
    if (wanted === shown) return; // e.g. the "change" that follows the typing already shown
    shown = wanted;
    const mine = ++asked;
    $("progress").textContent = "Making the preview…";
    $("error").hidden = true;
    let body;
    try {
      const answer = await fetch("/api/preview?" + wanted);
      body = await answer.json();
      if (mine !== asked) return; // a newer choice is on its way
      if (!answer.ok) throw new Error(body.error || "The preview could not be made.");
    } catch (error) {
      if (mine !== asked) return;
      shown = null; // a failed preview may be asked for again
      showError(error.message);
      return;
    }
    show(body);
  }

  function showError(message) {
    $("progress").textContent = "No preview.";
    $("error").textContent = message;
    $("error").hidden = false;
    $("status").hidden = true;
    $("downloads").hidden = true;
    $("pages").replaceChildren();
  }

  function show(result) {
    const pages = result.pages.length;
    $("progress").textContent = "Preview ready: " + pages + (pages === 1 ? " page." : " pages.");
    $("status").hidden = false;
    $("draft").hidden = !result.draft;
    $("draft-words").textContent = result.draft ? result.status : "";
    $("translation").textContent = result.draft ? "" : result.status;
    $("translation").hidden = result.draft;
    const check = result.preflight;
    $("preflight").className = "preflight " + (check.ok ? "ok" : "failed");
    $("preflight-title").textContent = check.ok
      ? "Print check passed: ready to print."
      : "Print check found problems: ask for help before printing.";
    $("preflight-list").replaceChildren(...check.checks.concat(check.problems).map(item));
    $("downloads").hidden = false;
    $("download-pdf").href = result.downloads.pdf;
    if ($("download-docx")) $("download-docx").href = result.downloads.docx || "#";
    const pack = result.downloads.pack;
    $("download-pack").hidden = !pack;
    if (pack) $("download-pack").href = pack;
    $("pack-note").hidden = Boolean(pack);
    if (!pack) $("pack-status").textContent = "";
    $("pages").replaceChildren(...result.pages.map((page) => figure(page, result.language)));
  }

  function item(text) {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }

  function figure(page, language) {
    const box = document.createElement("figure");
    if (language) {
      box.lang = language.tag;
      box.dir = language.direction;
    }
    const image = document.createElement("img");
    image.src = page.image;
    image.alt = page.alt;
    image.className = "page";
    image.addEventListener("load", () => box.classList.add("loaded"));
    const caption = document.createElement("figcaption");
    caption.lang = "en";
    caption.dir = "ltr";
    caption.textContent = "Page " + page.number;
    box.append(image, caption);
    return box;
  }

  // A print pack takes a few seconds: say so, and download it once however often it is clicked.
  let packing = false;
  $("download-pack").addEventListener("click", async (event) => {
    event.preventDefault();
    if (packing) return;
    packing = true;
    const link = event.currentTarget;
    link.setAttribute("aria-disabled", "true");
    $("pack-status").textContent = "Making this school's print pack: every document in each " +
      "of its languages. This takes a few seconds…";
    try {
      const answer = await fetch(link.href);
      if (!answer.ok) throw new Error((await answer.json()).error);
      const name = /filename="([^"]+)"/.exec(answer.headers.get("Content-Disposition") || "");
      save(await answer.blob(), name ? name[1] : "print-pack.zip");
      $("pack-status").textContent = "The print pack is downloaded.";
    } catch (error) {
      $("pack-status").textContent = "The print pack could not be made: " + error.message;
    } finally {
      packing = false;
      link.removeAttribute("aria-disabled");
    }
  });

  function save(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", (event) => {
    if (event.target.id === "site") schedule();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    shown = null;
    update();
  });
  arrange();
  update();
})();
