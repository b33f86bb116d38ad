"""The HTML report's style sheet and palette: one page that reads on screen, in print and
in greyscale."""

from __future__ import annotations

from html import escape

SEVERITIES = ("good", "fair", "bad", "worst")
# (text, tint, bar). Bar greys (0.299R+0.587G+0.114B) fall with severity, 177 > 150 > 108 > 55,
# so a greyscale print still orders them: lighter is better.
PALETTE = {
    "good": ("#2e6b3e", "#e9f3ec", "#93c49e"),
    "fair": ("#7a5a0c", "#fbf3dc", "#c4932b"),
    "bad": ("#a3411c", "#fbe9e1", "#b5532e"),
    "worst": ("#7d1d1d", "#f6dede", "#6e1f1f"),
}

CSS = """
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#d9dee5;--soft:#f4f6f8;--accent:#1f3a5f;
--sans:"Segoe UI","Helvetica Neue",Arial,"Liberation Sans","Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei",sans-serif}
html[lang|="zh"]{--sans:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei","Segoe UI",
Arial,sans-serif}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);font:15px/1.65 var(--sans)}
main{max-width:920px;margin:0 auto;padding:40px 36px 64px}
h1,h2,h3,h4{color:var(--accent);line-height:1.3;margin:0}
h1{font-size:26px;font-weight:600;margin:4px 0 14px}
h2{font-size:19px;font-weight:600;margin:40px 0 14px;padding-bottom:6px;
border-bottom:2px solid var(--accent)}
h3{font-size:15.5px;font-weight:600;margin:24px 0 10px}
h4{font-size:15px;font-weight:600}
p{margin:0 0 10px}
.eyebrow{color:var(--muted);font-size:13px;letter-spacing:.08em;text-transform:uppercase;
margin:0}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0;
font-size:13px;color:var(--muted)}
.meta dt{font-weight:600}.meta dd{margin:0}
footer{margin-top:32px;padding-top:8px;border-top:1px solid #ccc;font-size:12px;color:#555}
.who{margin:4px 0;font-size:13px}
.muted{color:var(--muted)}
.rules{color:var(--muted);font-size:12.5px}.rules span{white-space:nowrap}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:.86em}
.sev{display:inline-block;padding:0 8px;border:1px solid;border-radius:3px;font-weight:600;
font-size:13px;line-height:1.6;white-space:nowrap}
""" + "".join(
    f".sev-{s}{{color:{c};background:{t};border-color:{c}}}"
    for s, (c, t, _) in PALETTE.items()) + """
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:14px;
margin:18px 0 0}
.card{border:1px solid var(--line);border-left:6px solid;border-radius:4px;padding:14px 18px;
background:#fff}
.card .label{font-size:13px;color:var(--muted);margin:0 0 4px}
.card .value{font-size:22px;font-weight:700;letter-spacing:.02em;margin:0 0 8px;background:none;
border:0;padding:0}
.card .why{font-size:13.5px;margin:0}
.card .value.text{font-size:16px;font-weight:600}
table{width:100%;border-collapse:collapse;margin:6px 0 8px;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}
thead th{font-size:12.5px;color:var(--muted);font-weight:600;border-bottom:1.5px solid
var(--muted)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scores td:first-child{width:30%}.scores td:nth-child(3){width:19%}
.findings td:first-child{width:23%;font-weight:600}.findings td:nth-child(2){width:13%}
.low{display:block;font-size:12.5px;color:#7a5a0c;margin-top:3px}
.chart{display:block;width:100%;height:auto;margin:6px 0 14px}
.stats{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin:14px 0 0}
.stat{background:var(--soft);border-radius:4px;padding:10px 14px}
.stat .label{font-size:12.5px;color:var(--muted);margin:0}
.stat .big{font-size:20px;font-weight:700;margin:0}
.stat .small{font-size:12.5px;color:var(--muted);margin:4px 0 0}
ul.plain{padding-left:20px;margin:6px 0}ul.plain li{margin:0 0 8px}
.rec{border:1px solid var(--line);border-left:5px solid;border-radius:4px;
padding:14px 18px 6px;margin:0 0 14px}
.rec h4 .n{color:var(--muted);font-weight:600;margin-right:6px}
.rec .dim{font-size:13px;color:var(--muted);margin:2px 0 8px}
.rec .why{font-size:14px;color:#38424e}
.callout{border-left:4px solid var(--accent);background:var(--soft);padding:10px 16px;
margin:12px 0}
.notes p{white-space:pre-line}
.trace{padding-left:0;list-style:none;counter-reset:step}
.trace li{border-top:1px solid var(--line);padding:10px 0 4px}
.trace h3{font-size:14.5px;margin:0 0 2px}.trace p{font-size:13px;margin:0}
.trace dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0;
font-size:13.5px}
.trace dt{color:var(--muted);font-weight:600}.trace dd{margin:0}
""" + "".join(  # after .card/.rec, whose border shorthand would reset the colour
    f".edge-{s}{{border-left-color:{c}}}.value.sev-{s}{{color:{c}}}"
    for s, (c, _, _) in PALETTE.items()) + """
@media (max-width:640px){main{padding:20px 16px}.stats{grid-template-columns:1fr}}
@media print{
@page{size:A4;margin:16mm 15mm 18mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:9.5pt;line-height:1.4}
main{max-width:none;padding:0}
h1{font-size:16pt;margin:2px 0 6px}
h2{font-size:12.5pt;margin:14px 0 6px;padding-bottom:3px;break-after:avoid}
h3{font-size:10.5pt;margin:10px 0 4px}h3,h4{break-after:avoid}h4{font-size:10pt}
p{margin:0 0 5px}
.cards{gap:8px;margin:8px 0 0}.card{padding:6px 10px}.card .value{font-size:14pt;margin:0}
table{font-size:8.5pt;margin:2px 0 4px}th,td{padding:2px 6px}
.rec{padding:5px 10px 1px;margin:0 0 6px}.rec .dim{margin:0 0 3px}.rec .why,.who{font-size:8.5pt}
ul.plain li{margin:0 0 3px}ol{margin:4px 0}
.chart{max-height:190px}
.card,.rec,.stat,tr,.trace li,.callout,.chart{break-inside:avoid}
thead{display:table-header-group}
.appendix{break-before:page}
.card{border-left-width:4px}
}
"""


def e(text: object) -> str:
    """Every report text passes here: HTML-escaped, quotes included (safe in attributes)."""
    return escape(str(text), quote=True)


def sev(name: str) -> str:
    """A severity class from the fixed set (anything else is shown as "fair")."""
    return name if name in SEVERITIES else "fair"
