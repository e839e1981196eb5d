// Side-by-side timing: Typst (via @myriaddreamin/typst-ts-node-compiler) compiling a
// document of comparable content to the example report — the same chapter text,
// headings, a table of contents, a box per table, chart and photo — in the same fonts.
// It is a yardstick for `make bench` (scripts/bench-compare.sh prints it beside reportc),
// not a port of reportc's layout: tables and charts are stand-in boxes, the [=…] values
// are written as 0, there is no DOCX, and the warm runs reuse the loaded fonts while
// reportc is timed as a whole process (README, “Speed (session 3)”). Not run in CI.
//
//   cd scripts/typst-bench && npm install && node bench.js ../../data/2024 [runs]
//   node bench.js FILE.typ [runs]
const fs = require("fs");
const path = require("path");
const { NodeCompiler } = require("@myriaddreamin/typst-ts-node-compiler");

const dir = process.argv[2] || "../../data/2024";
const runs = Number(process.argv[3] || 10);
const fontDir = path.resolve(__dirname, "../../fonts");

// esc makes chapter text literal Typst markup.
const esc = (s) => s.replace(/[\\#$*_@<>`\[\]~=\/]/g, (c) => "\\" + c);

function inline(s) {
  return esc(
    s.replace(/\[=[^\]]*\]/g, "0").replace(/\[@[^\]]*\]/g, "图表").replace(/\*\*/g, "")
  );
}

function chapter(md) {
  const out = [];
  for (const line of md.split("\n")) {
    const t = line.trim();
    let m;
    if ((m = t.match(/^(#{1,4})\s+(.*)$/))) {
      out.push("=".repeat(m[1].length) + " " + inline(m[2]));
    } else if ((m = t.match(/^:::\s*(table|chart|photo)\b(.*)$/))) {
      const h = m[1] === "table" ? "40mm" : "80mm";
      out.push(`#figure(rect(width: 100%, height: ${h}, fill: luma(230))[${m[1]}], caption: [${esc(m[2].trim())}])`);
    } else if (t === ":::" || t.startsWith("|")) {
      continue;
    } else {
      out.push(inline(t));
    }
  }
  return out.join("\n");
}

function document() {
  const files = ["preface.md", ...fs.readdirSync(path.join(dir, "chapters")).sort().map((f) => path.join("chapters", f))];
  const body = files.map((f) => chapter(fs.readFileSync(path.join(dir, f), "utf8"))).join("\n\n#pagebreak()\n\n");
  return `#set page(paper: "a4", margin: (x: 28.8mm, y: 25mm), header: align(center, text(9pt)[株洲市中等职业教育质量年度报告]), numbering: "1")
#set text(font: ("Noto Serif SC",), size: 10.5pt, lang: "zh")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.9em)
#show heading: set text(font: "Noto Sans SC")
#set heading(numbering: "1.1")
#align(center, text(24pt, font: "Noto Sans SC")[株洲市中等职业教育质量年度报告])
#pagebreak()
#outline()
#pagebreak()
${body}
`;
}

// A .typ file instead of a report folder is compiled as it is: scripts/bench-compare.sh
// passes the one cmd/reportc's typstSource writes from the example's document tree
// (every table cell, case boxes, lists of tables and figures).
const src = dir.endsWith(".typ") ? fs.readFileSync(dir, "utf8") : document();
const compiler = NodeCompiler.create({ workspace: dir.endsWith(".typ") ? path.dirname(dir) : dir, fontArgs: [{ fontPaths: [fontDir] }] });
const once = () => {
  const res = compiler.compile({ mainFileContent: src });
  const doc = res.result;
  if (!doc) {
    throw new Error("typst: " + JSON.stringify(res.takeDiagnostics && res.takeDiagnostics()));
  }
  return compiler.pdf(doc);
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const cpuMs = (u) => (u.user + u.system) / 1000;
let t0 = process.hrtime.bigint();
let c0 = process.cpuUsage();
let pdf = once(); // cold: fonts loaded, nothing cached
const cold = Number(process.hrtime.bigint() - t0) / 1e6;
const coldCPU = cpuMs(process.cpuUsage(c0));
const walls = [];
const cpus = [];
for (let i = 0; i < runs; i++) {
  compiler.evictCache(0); // each warm run lays the document out again
  t0 = process.hrtime.bigint();
  c0 = process.cpuUsage();
  pdf = once();
  cpus.push(cpuMs(process.cpuUsage(c0)));
  walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const out = path.join(__dirname, "typst-example.pdf");
fs.writeFileSync(out, pdf);
// Pages: Typst writes one "/Type /Page" dictionary per page, uncompressed.
const pages = (Buffer.from(pdf).toString("latin1").match(/\/Type\s*\/Page\b/g) || []).length;
console.log(
  `typst: ${pages} pages, ${pdf.length} bytes (${out}); cold ${cold.toFixed(0)} ms wall, ${coldCPU.toFixed(0)} ms CPU; ` +
    `warm (in one process, fonts loaded, caches evicted) median ${median(walls).toFixed(0)} ms wall, ${median(cpus).toFixed(0)} ms CPU over ${runs} runs`
);
