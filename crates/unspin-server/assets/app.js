// The unspin page: scan, compare and trace through this server's JSON API.
// No external assets; every offset in a report counts Unicode scalar
// values, converted here to JavaScript string indices.
"use strict";

const $ = (id) => document.getElementById(id);
const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ESC[c]);
const pct = (x) => `${Math.round(x * 100)}%`;

async function api(path, body) {
  let res;
  try {
    res = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Error("the server cannot be reached; is `unspin serve` still running?");
  }
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) {
    throw new Error(data && data.error ? data.error.message : `the server answered ${res.status}`);
  }
  return data;
}

// Maps a code-point offset to a UTF-16 index of `text`.
function unitIndex(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => Math.min(i, text.length);
  const idx = [];
  let u = 0;
  for (const ch of text) { idx.push(u); u += ch.length; }
  idx.push(u);
  return (i) => idx[Math.min(i, idx.length - 1)];
}

// HTML of text[from, to) with `spans` (sorted, not overlapping, code-point
// offsets) wrapped by their open/close tags; a span's `inner` spans are
// rendered inside it, and a span with `replace` shows that text instead.
function render(text, at, spans, from, to) {
  let out = "";
  let pos = from;
  for (const s of spans) {
    const start = Math.max(s.start, pos);
    const end = Math.min(s.end, to);
    if (end <= start) continue;
    out += esc(text.slice(at(pos), at(start)));
    out += s.open;
    if (s.replace !== undefined) out += esc(s.replace);
    else if (s.inner) out += render(text, at, s.inner, start, end);
    else out += esc(text.slice(at(start), at(end)));
    out += s.close;
    pos = end;
  }
  return out + esc(text.slice(at(pos), at(to)));
}

const codePoints = (text) => { let n = 0; for (const _ of text) n++; return n; };

function setStatus(id, msg, error) {
  const el = $(id);
  el.textContent = msg;
  el.classList.toggle("error", !!error);
}

async function busy(button, statusId, work) {
  button.disabled = true;
  setStatus(statusId, "Working…");
  const t0 = performance.now();
  try {
    await work();
    setStatus(statusId, `Done in ${Math.round(performance.now() - t0)} ms`);
  } catch (e) {
    setStatus(statusId, e.message, true);
  } finally {
    button.disabled = false;
  }
}

// ---- tabs ----------------------------------------------------------------
const TABS = ["scan", "compare", "trace"];
function showTab(name, focus) {
  for (const t of TABS) {
    const on = t === name;
    const tab = $(`tab-${t}`);
    tab.setAttribute("aria-selected", on);
    tab.tabIndex = on ? 0 : -1;
    $(`view-${t}`).hidden = !on;
    if (on && focus) tab.focus();
  }
  hideTip();
}
for (const t of TABS) {
  $(`tab-${t}`).addEventListener("click", () => showTab(t));
  $(`tab-${t}`).addEventListener("keydown", (e) => {
    const i = TABS.indexOf(t);
    if (e.key === "ArrowRight") showTab(TABS[(i + 1) % TABS.length], true);
    else if (e.key === "ArrowLeft") showTab(TABS[(i + TABS.length - 1) % TABS.length], true);
    else return;
    e.preventDefault();
  });
}

// ---- files: pick or drop; HTML pages become their article text -----------
const looksLikeHtml = (name, text) =>
  /\.html?$/i.test(name) || /^\s*<(!doctype html|html|head|body|article)\b/i.test(text);

// Puts a picked or dropped file into its box and says so in the view's
// status line.
async function loadFile(file, textareaId) {
  const statusId = `${textareaId.split("-")[0]}-status`;
  const area = $(textareaId);
  try {
    const text = await file.text();
    area.dataset.source = file.name;
    if (looksLikeHtml(file.name, text)) {
      const got = await api("/v1/extract", { html: text, source: file.name });
      area.value = got.text;
    } else {
      area.value = text;
    }
    setStatus(statusId, `Loaded ${file.name}`);
  } catch (e) {
    setStatus(statusId, e.message, true);
  }
}

for (const input of document.querySelectorAll("input[type=file][data-target]")) {
  input.addEventListener("change", () => {
    if (input.files.length) loadFile(input.files[0], input.dataset.target);
  });
}
for (const zone of document.querySelectorAll("[data-drop]")) {
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("dragging"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("dragging");
    const file = e.dataTransfer.files[0];
    if (file) loadFile(file, zone.dataset.drop);
  });
}
for (const area of document.querySelectorAll("textarea")) {
  area.addEventListener("input", () => { delete area.dataset.source; });
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      area.form.requestSubmit();
    }
  });
}
const sourceOf = (area, fallback) => area.dataset.source || fallback;

// ---- tooltip ---------------------------------------------------------------
const tip = $("tip");
function showTip(el, html) {
  tip.innerHTML = html;
  tip.hidden = false;
  const r = el.getBoundingClientRect();
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  let top = r.bottom + 6;
  if (top + h > window.innerHeight) top = r.top - h - 6;
  tip.style.top = `${Math.max(4, top)}px`;
  tip.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - w - 8))}px`;
}
function hideTip() { tip.hidden = true; }

// ---- scan ------------------------------------------------------------------
let scan = null; // { text, report }
let current = -1;

function findingTip(f) {
  return `<b>→ ${esc(f.suggestion)}</b><br>${esc(f.explanation)}<br><small>${esc(f.kind.replace("_", " "))} · confidence ${pct(f.confidence)}</small>`;
}

function renderScan(text, report) {
  scan = { text, report };
  current = -1;
  const at = unitIndex(text);
  const fs = report.findings;
  // Spin syntax, look-alike letters, listed phrases and broken names stand
  // out; statistical findings and the synonym swaps behind a score do not.
  const weak = ["tortured_phrase", "synonym_swap"];
  const strong = (f) => !weak.includes(f.kind) || f.confidence >= 0.9;
  $("scan-text").innerHTML = render(text, at, fs.map((f, i) => ({
    start: f.start,
    end: f.end,
    open: `<mark class="f ${f.kind}${strong(f) ? " strong" : ""}" id="f-${i}" data-i="${i}" tabindex="0" aria-label="${esc(f.text)}, likely ${esc(f.suggestion)}">`,
    close: "</mark>",
  })), 0, codePoints(text));
  $("scan-restored").innerHTML = render(text, at, fs.map((f) => ({
    start: f.start,
    end: f.end,
    open: `<ins class="r" title="was: ${esc(f.text)}">`,
    close: "</ins>",
    replace: f.suggestion,
  })), 0, codePoints(text));
  const score = $("scan-score");
  score.textContent = pct(report.score);
  score.className = `score ${report.verdict}`;
  const verdict = $("scan-verdict");
  verdict.textContent = report.verdict.replace("_", " ");
  verdict.className = `verdict ${report.verdict}`;
  $("scan-facts").textContent =
    `${report.words} words · ${fs.length} finding${fs.length === 1 ? "" : "s"} · spin score ${report.score.toFixed(2)}`;
  $("scan-list").innerHTML = fs.map((f, i) =>
    `<li><button type="button" data-i="${i}"><span class="kind">${esc(f.kind.replace("_", " "))} · ${pct(f.confidence)}</span>` +
    `<span class="swap"><s>${esc(f.text)}</s> → <ins>${esc(f.suggestion)}</ins></span>` +
    `<span class="why">${esc(f.explanation)}</span></button></li>`).join("") ||
    "<li>No findings.</li>";
  $("scan-result").hidden = false;
}

function goTo(i) {
  if (!scan || !scan.report.findings.length) return;
  const n = scan.report.findings.length;
  current = ((i % n) + n) % n;
  for (const el of document.querySelectorAll("mark.f.current")) el.classList.remove("current");
  const mark = $(`f-${current}`);
  showView("findings");
  mark.classList.add("current");
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
}

function showView(which) {
  const restored = which === "restored";
  $("scan-text").hidden = restored;
  $("scan-restored").hidden = !restored;
  $("show-findings").setAttribute("aria-pressed", !restored);
  $("show-restored").setAttribute("aria-pressed", restored);
}
$("show-findings").addEventListener("click", () => showView("findings"));
$("show-restored").addEventListener("click", () => showView("restored"));

$("scan-list").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-i]");
  if (b) goTo(Number(b.dataset.i));
});
const scanText = $("scan-text");
const onMark = (e) => {
  const m = e.target.closest && e.target.closest("mark.f");
  if (m && scan) showTip(m, findingTip(scan.report.findings[Number(m.dataset.i)]));
};
scanText.addEventListener("mouseover", onMark);
scanText.addEventListener("focusin", onMark);
scanText.addEventListener("mouseout", hideTip);
scanText.addEventListener("focusout", hideTip);
scanText.addEventListener("click", (e) => {
  const m = e.target.closest("mark.f");
  if (m) current = Number(m.dataset.i);
});

document.addEventListener("keydown", (e) => {
  if (e.target.closest("textarea, input") || e.ctrlKey || e.metaKey || e.altKey) return;
  if ($("view-scan").hidden || !scan) return;
  if (e.key === "n") goTo(current + 1);
  else if (e.key === "p") goTo(current - 1);
  else if (e.key === "Escape") hideTip();
});

$("scan-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const area = $("scan-input");
  const text = area.value;
  if (!text.trim()) { setStatus("scan-status", "Paste a text or drop a file first.", true); return; }
  busy($("scan-run"), "scan-status", async () => {
    const report = await api("/v1/scan", { text, source: sourceOf(area, "pasted text"), restore: true });
    renderScan(text, report);
    showView("findings");
  });
});

// ---- compare ---------------------------------------------------------------
const CHANGED = new Set(["synonym", "substitute", "insert", "delete"]);

function passageSpans(report, side) {
  return report.passages.map((p, i) => ({
    start: p[side].start,
    end: p[side].end,
    open: `<span class="p p${i % 6}" id="p${side}-${i}" data-p="${i}" tabindex="0" role="link" aria-label="passage ${i + 1}, also in ${side === "a" ? "B" : "A"}"><sup>${i + 1}</sup>`,
    close: "</span>",
    inner: p.ops.filter((o) => CHANGED.has(o.op) && o[side]).map((o) => {
      const other = side === "a" ? o.b_text : o.a_text;
      const label = other ? `${side === "a" ? "in B" : "in A"}: ${other}` : (side === "a" ? "left out in B" : "added in B");
      return {
        start: o[side].start,
        end: o[side].end,
        open: `<u class="syn ${o.op}" title="${esc(o.op)} · ${esc(label)}">`,
        close: "</u>",
      };
    }),
  }));
}

function linkPassage(i) {
  for (const el of document.querySelectorAll(".p.active")) el.classList.remove("active");
  for (const side of ["a", "b"]) {
    const el = $(`p${side}-${i}`);
    if (el) {
      el.classList.add("active");
      el.scrollIntoView({ block: "nearest" });
    }
  }
}

function renderCompare(a, b, report) {
  $("compare-text-a").innerHTML = render(a, unitIndex(a), passageSpans(report, "a"), 0, codePoints(a));
  $("compare-text-b").innerHTML = render(b, unitIndex(b), passageSpans(report, "b"), 0, codePoints(b));
  const v = $("compare-verdict");
  v.textContent = report.verdict.replace(/_/g, " ");
  v.className = `verdict ${report.verdict}`;
  const altered = report.quotes.filter((q) => q.status === "altered").length;
  $("compare-facts").textContent =
    `similarity ${pct(report.similarity)} · ${report.passages.length} reused passage${report.passages.length === 1 ? "" : "s"}` +
    ` · A covered ${pct(report.coverage.a)} · B covered ${pct(report.coverage.b)}` +
    ` · ${report.quotes.length} quotation${report.quotes.length === 1 ? "" : "s"} in both (${altered} altered)`;
  $("compare-result").hidden = false;
}
for (const id of ["compare-text-a", "compare-text-b"]) {
  const el = $(id);
  const go = (e) => {
    const p = e.target.closest(".p");
    if (p) linkPassage(Number(p.dataset.p));
  };
  el.addEventListener("click", go);
  el.addEventListener("keydown", (e) => { if (e.key === "Enter") go(e); });
}

$("compare-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const aArea = $("compare-a");
  const bArea = $("compare-b");
  const a = aArea.value;
  const b = bArea.value;
  if (!a.trim() || !b.trim()) { setStatus("compare-status", "Give both documents.", true); return; }
  busy($("compare-run"), "compare-status", async () => {
    const report = await api("/v1/compare", {
      a: { text: a, source: sourceOf(aArea, "A") },
      b: { text: b, source: sourceOf(bArea, "B") },
    });
    renderCompare(a, b, report);
  });
});

// ---- trace -----------------------------------------------------------------
let trace = null;

function selectSource(i) {
  if (!trace) return;
  const m = trace.report.matches[i];
  for (const li of document.querySelectorAll("#trace-list li")) li.classList.toggle("selected", Number(li.dataset.i) === i);
  const spans = m ? m.passages.map((p, k) => ({
    start: p.b.start, end: p.b.end, open: `<span class="p p${k % 6}"><sup>${k + 1}</sup>`, close: "</span>",
  })) : [];
  $("trace-text").innerHTML = render(trace.text, unitIndex(trace.text), spans, 0, codePoints(trace.text));
}

function renderTrace(text, report) {
  trace = { text, report };
  $("trace-list").innerHTML = report.matches.map((m, i) => {
    const name = m.title || m.id;
    const url = m.url && /^https?:\/\//i.test(m.url)
      ? ` · <a href="${esc(m.url)}" target="_blank" rel="noopener noreferrer">${esc(m.url)}</a>` : "";
    return `<li data-i="${i}"><button type="button" data-i="${i}">${esc(name)}</button>` +
      ` <span class="verdict ${m.verdict}">${esc(m.verdict.replace(/_/g, " "))}</span>` +
      `<div class="barlabel">id ${esc(m.id)}${url} · similarity ${pct(m.similarity)}</div>` +
      `<div class="barlabel">covers ${pct(m.coverage.query)} of this document</div>` +
      `<div class="bar" role="img" aria-label="${pct(m.coverage.query)} of this document"><span data-w="${pct(m.coverage.query)}"></span></div>` +
      `<div class="barlabel">${pct(m.coverage.source)} of the source</div>` +
      `<div class="bar" role="img" aria-label="${pct(m.coverage.source)} of the source"><span data-w="${pct(m.coverage.source)}"></span></div></li>`;
  }).join("") || "<li>No source found in the index.</li>";
  // Widths set through the DOM: the page's security policy refuses inline
  // style attributes.
  for (const bar of document.querySelectorAll("#trace-list .bar span")) bar.style.width = bar.dataset.w;
  $("trace-result").hidden = false;
  selectSource(0);
}
$("trace-list").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-i]");
  if (b) selectSource(Number(b.dataset.i));
});

$("trace-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const area = $("trace-input");
  const text = area.value;
  if (!text.trim()) { setStatus("trace-status", "Paste a text or drop a file first.", true); return; }
  busy($("trace-run"), "trace-status", async () => {
    const report = await api("/v1/trace", { text, source: sourceOf(area, "pasted text") });
    renderTrace(text, report);
  });
});

// ---- what the server offers --------------------------------------------------
api("/v1/info").then((info) => {
  if (info.index_documents === null) {
    $("trace-off").hidden = false;
    $("trace-run").disabled = true;
  } else {
    document.querySelector("label[for=trace-input]").textContent =
      `Paste a document to find its sources among the ${info.index_documents.toLocaleString()} indexed documents`;
  }
}).catch(() => {});
