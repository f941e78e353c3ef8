/**
 * A self-contained HTML report: inline CSS and a few lines of inline script for the verdict
 * filter, no external asset. Every value that came from the target or the run is escaped.
 */
import { exitCodeOf } from './exit-code.ts';
import type { CheckResult, ExchangeRecord, Report, Verdict } from './schema.ts';
import {
  countsText,
  isProblem,
  notCoveredLine,
  rootCausesFirst,
  sectionOrder,
  targetLine,
  VERDICT_LABEL,
} from './_text.ts';

export function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = htmlEscape;

const CSS = `
:root{--fail:#c62828;--warn:#b26a00;--pass:#2e7d32;--na:#6b7280;--unt:#7b1fa2;--err:#c62828;--bg:#fafafa;--line:#e5e7eb}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:var(--bg);color:#111}
header{background:#111827;color:#f9fafb;padding:20px 28px}header h1{margin:0 0 6px;font-size:20px}header .meta{color:#d1d5db;font-size:13px}
main{padding:20px 28px;max-width:1200px}
.result{font-size:18px;font-weight:600;margin:0 0 14px}.result.ok{color:var(--pass)}.result.bad{color:var(--fail)}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:16px}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:#4b5563;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);margin-bottom:18px}th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left}th{background:#f3f4f6;font-weight:600}
.badge{display:inline-block;min-width:86px;text-align:center;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:700;color:#fff}
.v-pass{background:var(--pass)}.v-fail{background:var(--fail)}.v-warn{background:var(--warn)}.v-not_applicable{background:var(--na)}.v-untestable{background:var(--unt)}.v-error{background:var(--err)}
.filters{margin:10px 0 14px}.filters label{margin-right:14px;cursor:pointer}
h2{font-size:16px;margin:22px 0 8px}
details.check{background:#fff;border:1px solid var(--line);border-radius:6px;margin:6px 0}details.check>summary{padding:8px 10px;cursor:pointer;list-style:none}
details.check>summary::-webkit-details-marker{display:none}details.check[open]>summary{border-bottom:1px solid var(--line)}
.id{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-weight:600}.title{color:#374151}.lvl{color:#6b7280;font-size:12px;margin-left:6px}
.body{padding:10px 14px}.req{border-left:3px solid #93c5fd;padding:2px 10px;margin:6px 0;background:#f8fafc}.req .rid{font-weight:600}
.consequences{margin:0 0 10px 28px;border-left:3px solid #e5e7eb;padding-left:10px}.kv{margin:6px 0}.kv b{display:inline-block;min-width:80px}
pre{background:#0b1020;color:#e5e7eb;padding:10px;border-radius:6px;overflow:auto;white-space:pre-wrap;word-break:break-word;font-size:12px;margin:6px 0}
details.ex{margin:8px 0;border:1px dashed var(--line);border-radius:6px;padding:4px 8px}details.ex>summary{cursor:pointer;font-family:ui-monospace,monospace;font-size:12px}
.na-list li{margin:3px 0}.baselined{font-size:11px;background:#e0e7ff;color:#3730a3;border-radius:4px;padding:1px 5px;margin-left:6px}
`;

const SCRIPT = `
document.querySelectorAll('.filters input').forEach(function(box){box.addEventListener('change',function(){
  var on={};document.querySelectorAll('.filters input').forEach(function(b){on[b.value]=b.checked;});
  document.querySelectorAll('details.check:not(.attention)').forEach(function(d){d.style.display=on[d.dataset.verdict]?'':'none';});
});});
`;

function exchange(ex: ExchangeRecord, i: number, step?: number): string {
  const req = ex.request;
  const reqText = [
    `${req.method} ${req.url}`,
    ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    req.body === undefined ? '' : `${req.body}${req.bodyTruncated ? `\n… (${req.bodyBytes} bytes in all)` : ''}`,
  ].join('\n');
  const parts = [`<div class="kv"><b>Request</b></div><pre>${e(reqText)}</pre>`];
  const res = ex.response;
  if (res) {
    const head = [
      `HTTP ${res.status}  (headers after ${res.headersMs ?? '?'} ms, total ${res.totalMs} ms, ${res.bodyBytes} bytes)`,
      ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`),
    ].join('\n');
    parts.push(`<div class="kv"><b>Response</b></div><pre>${e(head)}</pre>`);
    if (res.body !== undefined)
      parts.push(
        `<pre>${e(res.body)}${res.droppedBytes ? e(`\n… ${res.droppedBytes} more bytes not kept`) : ''}</pre>`,
      );
    if (res.chunks) {
      const chunks = res.chunks.map((c) => `[+${c.atMs} ms, ${c.bytes} B]\n${c.text}`).join('\n');
      parts.push(
        `<div class="kv"><b>Stream</b> raw chunks with arrival times${res.droppedChunks ? `, ${res.droppedChunks} later chunks (${res.droppedBytes ?? '?'} bytes) not kept` : ''}</div><pre>${e(chunks)}</pre>`,
      );
    }
    if (res.sse) {
      const s = res.sse;
      parts.push(
        `<div class="kv"><b>Parser</b> ${s.events} events; line ends LF ${s.lineEndings.lf} / CR ${s.lineEndings.cr} / CRLF ${s.lineEndings.crlf}; BOM ${s.bom ? 'yes' : 'no'}; comments ${s.comments}; multi-line data ${s.multiLineDataEvents}; invalid UTF-8 ${s.invalidUtf8}${s.problems.length ? `; problems: ${e(s.problems.map((p) => `${p.code}@${p.offset}`).join(', '))}` : ''}</div>`,
      );
    }
  }
  if (ex.failure)
    parts.push(`<div class="kv"><b>Transport</b> ${e(`${ex.failure.code}: ${ex.failure.message}`)}</div>`);
  if (ex.hungUp)
    parts.push(
      `<div class="kv"><b>Hung up</b> ${e(`at ${ex.hungUp.atMs} ms after ${ex.hungUp.events} event(s) (${ex.hungUp.names.join(', ')}); ${ex.hungUp.terminalSeen ? 'the terminal event had already arrived' : 'no terminal event yet'}`)}</div>`,
    );
  parts.push(`<div class="kv"><b>curl</b></div><pre>${e(ex.curl)}</pre>`);
  const label = `${i + 1}. ${ex.label ? `${ex.label} — ` : ''}${req.method} ${new URL(req.url).pathname}${res ? ` → ${res.status}` : ex.failure ? ` → ${ex.failure.code}` : ''}${step !== undefined ? ` — reproduces the finding (step ${step})` : ''}`;
  return `<details class="ex"${step !== undefined ? ' open' : ''}><summary>${e(label)}</summary>${parts.join('')}</details>`;
}

function check(r: CheckResult, where: 'attention' | 'all' = 'all'): string {
  const body: string[] = [];
  for (const q of r.requirementTexts ?? [])
    body.push(
      `<div class="req"><span class="rid">${e(q.id)}</span> <span class="lvl">${q.level} · §${e(q.section)}</span><br>${e(q.text)}</div>`,
    );
  if (r.action) body.push(`<div class="kv"><b>Sent</b> ${e(r.action)}</div>`);
  if (r.message) body.push(`<div class="kv"><b>Result</b> ${e(r.message)}</div>`);
  if (r.expected) body.push(`<div class="kv"><b>Expected</b> ${e(r.expected)}</div>`);
  if (r.actual) body.push(`<div class="kv"><b>Actual</b></div><pre>${e(r.actual)}</pre>`);
  const client = r.evidence?.client;
  if (client)
    body.push(
      `<div class="kv"><b>Driver</b> ${e(client.timedOut ? 'killed at the timeout' : `exit ${client.exitCode ?? client.signal}`)} after ${client.durationMs} ms</div><div class="kv"><b>Reproduce</b></div><pre>${e(client.reproduce)}</pre>`,
    );
  const exchanges = r.evidence?.exchanges ?? [];
  if (exchanges.length > 0) {
    body.push(
      `<div class="kv"><b>Evidence</b> ${exchanges.length} exchange(s)${r.evidence?.omittedExchanges ? `, ${r.evidence.omittedExchanges} more not kept` : ''}</div>`,
    );
    const steps = r.reproduce ?? [];
    body.push(...exchanges.map((ex, i) => exchange(ex, i, steps.includes(i) ? steps.indexOf(i) + 1 : undefined)));
  }
  const open = where === 'attention' && (r.verdict === 'fail' || r.verdict === 'error') ? ' open' : '';
  return `<details class="check${where === 'attention' ? ' attention' : ''}" data-verdict="${r.verdict}"${open}><summary><span class="badge v-${r.verdict}">${VERDICT_LABEL[r.verdict]}</span> <span class="id">${e(r.id)}</span> <span class="title">${e(r.title)}</span><span class="lvl">${r.level}${r.requirements.length ? ` · ${e(r.requirements.join(', '))}` : ''} · ${Math.round(r.durationMs)} ms</span>${r.baselined ? '<span class="baselined">baselined</span>' : ''}</summary><div class="body">${body.join('')}</div></details>`;
}

export function render(report: Report): string {
  const code = exitCodeOf(report);
  const verdicts = Object.keys(VERDICT_LABEL) as Verdict[];
  const cards = verdicts
    .map((v) => `<div class="card"><b>${report.summary.byVerdict[v]}</b><span>${VERDICT_LABEL[v]}</span></div>`)
    .join('');
  const sectionRows = sectionOrder(report)
    .map((s) => {
      const sec = report.summary.bySection[s]!;
      return `<tr><td>§${e(s)}</td><td>${e(sec.title)}</td><td>${sec.total}</td>${verdicts.map((v) => `<td>${sec.byVerdict[v] || ''}</td>`).join('')}</tr>`;
    })
    .join('');
  const levelRows = (['MUST', 'SHOULD', 'MAY'] as const)
    .map(
      (l) => `<tr><td>${l}</td>${verdicts.map((v) => `<td>${report.summary.byLevel[l][v] || ''}</td>`).join('')}</tr>`,
    )
    .join('');
  const na = report.notApplicable.length
    ? `<h2>Not applicable (${report.notApplicable.length})</h2><ul class="na-list">${report.notApplicable.map((n) => `<li><span class="id">${e(n.id)}</span> — ${e(n.reason)}</li>`).join('')}</ul>`
    : '';
  const uncovered = report.notCovered?.length
    ? `<h2>Not covered (${report.notCovered.length})</h2><p>Requirements no check of this kit verifies, with the reason:</p><ul class="na-list">${report.notCovered.map((n) => `<li>${e(notCoveredLine(n))}</li>`).join('')}</ul>`
    : '';
  const network = report.network?.length
    ? `<h2>Network (${report.network.length})</h2><p>What the kit did because of the network, not the server:</p><ul class="na-list">${report.network.map((n) => `<li>${e(`${n.kind} ${n.request}: ${n.cause}`)}</li>`).join('')}</ul>`
    : '';
  const stale = report.baseline?.stale.length
    ? `<h2>Stale baseline entries</h2><p>These are listed as known failures but now pass or no longer exist; remove them: ${e(report.baseline.stale.join(', '))}</p>`
    : '';
  const fatal = report.fatal
    ? `<p class="result bad">${e(report.fatal.message)}</p><p>${e(report.fatal.hint ?? '')}</p>`
    : '';
  const resultText =
    code === 0
      ? 'PASS — no MUST-level failure'
      : code === 1
        ? `FAIL — ${report.summary.mustFailures} MUST-level failure(s)`
        : 'NOT TESTED';
  const filters = verdicts
    .map(
      (v) =>
        `<label><input type="checkbox" value="${v}" checked> ${VERDICT_LABEL[v]} (${report.summary.byVerdict[v]})</label>`,
    )
    .join('');
  const problems = report.results.filter(isProblem);
  const attention = problems.length
    ? `<h2>Needs attention (${problems.length})</h2>${rootCausesFirst(problems)
        .map(
          ({ result, consequences }) =>
            check(result, 'attention') +
            (consequences.length
              ? `<div class="consequences"><b>Consequences</b> (not faults of their own)${consequences.map((c) => check(c, 'attention')).join('')}</div>`
              : ''),
        )
        .join('')}`
    : '';
  const bySection = sectionOrder(report)
    .map(
      (s) =>
        `<h2>§${e(s)} ${e(report.summary.bySection[s]!.title)}</h2>${report.results
          .filter((r) => r.section === s)
          .map((r) => check(r))
          .join('')}`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`AIP conformance — ${report.target.url}`)}</title><style>${CSS}</style></head>
<body><header><h1>AIP ${e(report.aipVersion)} conformance report</h1>
<div class="meta">Target ${e(targetLine(report))} · agent ${e(report.target.agent ?? '(none)')} · profiles ${e(report.target.claimedProfiles.join(', '))} · ${e(report.kit.name)} ${e(report.kit.version)} · started ${e(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s · run ${e(report.runId)}</div></header>
<main>${fatal}<p class="result ${code === 0 ? 'ok' : 'bad'}">${e(resultText)} (exit code ${code})</p>
<div class="cards">${cards}</div>
<table><thead><tr><th>Level</th>${verdicts.map((v) => `<th>${VERDICT_LABEL[v]}</th>`).join('')}</tr></thead><tbody>${levelRows}</tbody></table>
<table><thead><tr><th>§</th><th>Section</th><th>Checks</th>${verdicts.map((v) => `<th>${VERDICT_LABEL[v]}</th>`).join('')}</tr></thead><tbody>${sectionRows}</tbody></table>
<p>${e(countsText(report.summary.byVerdict))}${report.invocations !== undefined ? e(` · up to ${report.invocations} agent invocations`) : ''}</p>${na}${uncovered}${network}${stale}
${attention}
<h2>All checks</h2><div class="filters"><b>Show:</b> ${filters}</div>
${bySection}
</main><script>${SCRIPT}</script></body></html>
`;
}
