// The element's styles, as text for constructable stylesheets (which a host's
// style-src does not restrict). Every colour is a CSS custom property with a
// default; light-dark() follows the host's color-scheme.

/** A public custom property with its light and dark defaults. */
const prop = (k, light, dark) => `var(--article-annotator-${k},light-dark(${light},${dark}))`;

const COLORS = [
  ["person", "#2563d9", "#86adff"],
  ["org", "#8a3ddb", "#c9a2ff"],
  ["gpe", "#0b8a78", "#4fd6c1"],
  ["loc", "#4b7f14", "#a3d86a"],
  ["norp", "#b45f12", "#f2ab66"],
  ["event", "#cc2f77", "#ff8fc0"],
  ["date", "#1a7ba5", "#72c8ee"],
  ["time", "#5357d1", "#a9acff"],
  ["money", "#0f8646", "#66dc9c"],
  ["percent", "#cf4418", "#ff9a78"],
  ["title", "#5f6f86", "#aebbd0"],
];

const M = "article-annotator-mark";

/** Type colours, on highlights of the type (`M.aa-type`) and, in the shadow root, on any element with the type's class. */
const colors = (shadow) =>
  COLORS.map(([k, light, dark]) => `${shadow ? `.${k},` : ""}${M}.aa-${k}{--_aa-c:${prop(k, light, dark)}}`).join("");

/** The type's label after the last piece of each mention; alt text "" since screen readers get aria-description. */
const labels = COLORS.map(([k]) => `${M}.aa-${k}.aa-end:not(.aa-off)::after{content:"${k.toUpperCase()}"/""}`).join("");

const Q = `--_aa-q:${prop("quote", "#f2b70f", "#d39a12")}`;
const ACCENT = prop("accent", "#1f4fd1", "#93b4ff");
const SERIF = `var(--article-annotator-article-font,Charter,"Bitstream Charter","Iowan Old Style",Georgia,Cambria,serif)`;

/** Rules for highlight elements; shared by the shadow root and in-place mode. */
const marks = `
${M}{unicode-bidi:isolate;border-radius:3px;-webkit-box-decoration-break:clone;box-decoration-break:clone;
  ${Q}}
${M}.aa-ent{background-color:color-mix(in srgb,var(--_aa-c) 15%,transparent);box-shadow:inset 0 -2px 0 var(--_aa-c);cursor:pointer}
${M}.aa-q{background-image:linear-gradient(transparent 58%,color-mix(in srgb,var(--_aa-q) 42%,transparent) 58%)}
${M}.aa-ent.aa-off{background-color:transparent;box-shadow:none;cursor:auto}
${M}.aa-q.aa-qoff{background-image:none}
${M}.aa-ent.aa-sel{background-color:color-mix(in srgb,var(--_aa-c) 34%,transparent);outline:2px solid var(--_aa-c);outline-offset:1px}
${M}.aa-q.aa-qsel{background-image:linear-gradient(color-mix(in srgb,var(--_aa-q) 50%,transparent),color-mix(in srgb,var(--_aa-q) 50%,transparent))}
${M}:focus{outline:3px solid ${ACCENT};outline-offset:2px}
${M}.aa-ent.aa-end:not(.aa-off)::after{font:700 max(10px,.6em)/1 system-ui,sans-serif;letter-spacing:.04em;margin-inline-start:.3em;vertical-align:.12em;white-space:nowrap}
${labels}
::highlight(article-annotator-cue){background-color:rgba(242,183,15,.55);text-decoration:underline;text-decoration-thickness:2px}
::highlight(article-annotator-speaker){text-decoration:underline;text-decoration-style:double}
@media (forced-colors:active){${M}.aa-ent{border-bottom:2px solid CanvasText}${M}.aa-q{text-decoration:underline dotted}}
`;

/** For a host document whose article is annotated in place (for="id"). */
export const documentCss = colors() + marks;

/** For the element's shadow root. A host page's rules on the element itself beat `:host`, and
 * inherited properties flow in: so the theme variables and resets of the inherited text
 * properties sit on `.root`, where no host rule reaches (tests/hosts/aggressive.css). */
export const shadowCss = `
:host{all:initial;display:flex;flex-direction:column;box-sizing:border-box;color-scheme:inherit}
.root{
  --_fg:${prop("fg", "#1a1d21", "#e7e9ec")};
  --_muted:${prop("muted", "#5d6673", "#9ba5b1")};
  --_bg:${prop("bg", "#fff", "#16191d")};
  --_surface:${prop("surface", "#f7f8fa", "#1c2025")};
  --_border:${prop("border", "#dde2e8", "#2f353d")};
  --_accent:${ACCENT};
  --_radius:var(--article-annotator-radius,12px);
  font:14px/1.45 var(--article-annotator-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif);
  ${Q};
  color:var(--_fg);text-align:start;
  text-transform:none;letter-spacing:normal;word-spacing:normal;text-indent:0;text-shadow:none;white-space:normal;
  -webkit-text-fill-color:currentcolor}
${colors(1)}
:host([hidden]){display:none}
*,*::before,*::after{box-sizing:border-box}
${marks}
.root{flex:1;min-height:0;display:flex;flex-direction:column;gap:10px;container-type:inline-size}
.bar{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.chip,.navb{all:unset;border:1px solid var(--_border);background:var(--_bg);color:var(--_fg);font-size:12.5px;line-height:18px;cursor:pointer}
.chip:hover,.navb:hover:not(:disabled){border-color:var(--_muted)}
.chip:focus-visible,.navb:focus-visible,.chip{position:relative;display:inline-flex;align-items:center;gap:6px;padding:3px 9px 3px 7px;border-radius:999px;user-select:none}
.sw{width:10px;height:10px;border-radius:3px;background:var(--_aa-c);flex:none}
.chip.quote .sw,.chip[aria-pressed=false]{color:var(--_muted);background:transparent}
.chip[aria-pressed=false] .sw{background:transparent;box-shadow:inset 0 0 0 1.5px var(--_aa-c)}
.chip.quote[aria-pressed=false] .sw{box-shadow:inset 0 0 0 1.5px var(--_aa-q)}
.n{font-variant-numeric:tabular-nums;color:var(--_muted);min-width:2ch;text-align:end}
.chip.zero{border-style:dashed;color:var(--_muted)}
.chip.zero .sw{opacity:.45}
@container (max-width:520px){.bar{flex-wrap:nowrap;overflow-x:auto;scrollbar-width:none;margin:0 -2px;padding:2px;mask-image:linear-gradient(to right,#000 calc(100% - 28px),transparent)}.chip{flex:none}.chip.zero{order:1}}
.srow{display:flex;align-items:center;gap:8px}
.status{flex:1;min-width:0;min-height:1.45em;color:var(--_muted);font-size:13px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.nav{display:flex;gap:4px;flex:none}
.navb{padding:1px 8px;border-radius:6px}
.navb:disabled{color:var(--_muted);cursor:default}
.status.error{color:light-dark(#b42318,#ff9b8f);white-space:normal}
.body{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,1fr);gap:12px}
@container (min-width:720px){.body{grid-template-columns:minmax(0,1.7fr) minmax(220px,1fr)}}
.body.no-article{grid-template-columns:minmax(0,1fr)}
.article{min-height:0;overflow:auto;padding:18px 22px;background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);
  font:var(--article-annotator-article-size,17px)/1.65 ${SERIF};
  white-space:pre-wrap;overflow-wrap:anywhere;max-height:var(--article-annotator-article-max-height,none);tab-size:4}
.article:empty::before{content:"Nothing to annotate yet.";color:var(--_muted);font-style:italic}
.block{content-visibility:auto;contain-intrinsic-size:auto none auto 60em}
[hidden]{display:none!important}
.panels{min-height:0;display:flex;flex-direction:column;gap:12px}
section{flex:1 1 0;min-height:9rem;max-height:var(--article-annotator-panel-max-height,none);display:flex;flex-direction:column;
  background:var(--_surface);border:1px solid var(--_border);border-radius:var(--_radius);overflow:hidden}
h2{all:unset;display:flex;justify-content:space-between;align-items:baseline;padding:10px 14px 6px;font-weight:650;font-size:13px;letter-spacing:.02em;text-transform:uppercase;color:var(--_muted)}
.list{position:relative;flex:1;min-height:0;overflow:auto;padding:0 6px 8px;overscroll-behavior:contain}
.empty{padding:8px 10px;color:var(--_muted);font-size:13px}
h3{all:unset;display:flex;align-items:center;gap:7px;margin:8px 8px 2px;font-size:12px;font-weight:600;color:var(--_muted)}
ul,ol{list-style:none;margin:0;padding:0}
.item{all:unset;box-sizing:border-box;position:relative;display:flex;align-items:baseline;gap:8px;width:100%;padding:5px 8px;border-radius:7px;cursor:pointer;color:var(--_fg)}
.item:hover{background:color-mix(in srgb,var(--_fg) 7%,transparent)}
.item:focus-visible{outline:2px solid var(--_accent);outline-offset:-2px}
.item[aria-pressed=true]{background:color-mix(in srgb,var(--_aa-c,var(--_aa-q)) 22%,transparent)}
.item .nm{flex:1;min-width:0;overflow-wrap:anywhere;unicode-bidi:isolate}
.qt{flex-direction:column;align-items:stretch;gap:3px;padding:7px 8px}
.qt[aria-pressed=true]{background:color-mix(in srgb,var(--_aa-q) 26%,transparent)}
.item[aria-pressed=true] .qmeta,.item[aria-pressed=true] .n,.item[aria-pressed=true] .who.none{color:var(--_fg)}
.qtext{font:14px/1.4 ${SERIF};unicode-bidi:isolate;
  display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;overflow:hidden}
.qmeta{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center;font-size:12.5px;color:var(--_muted)}
.who{color:var(--_fg);font-weight:600;unicode-bidi:isolate}
.who.none{font-weight:400;font-style:italic;color:var(--_muted)}
.kind{font-size:11px;padding:0 6px;border-radius:999px;border:1px solid var(--_border);text-transform:uppercase;letter-spacing:.04em}
.tip{position:fixed;inset:auto;margin:0;padding:7px 10px;max-width:min(340px,90vw);border:1px solid var(--_border);border-radius:9px;
  background:var(--_bg);color:var(--_fg);font:13px/1.4 var(--article-annotator-font,system-ui,sans-serif);
  box-shadow:0 6px 24px rgba(0,0,0,.18);pointer-events:none;overflow:visible;unicode-bidi:isolate}
.tip:not(:popover-open):not(.open){display:none}
.tip .row{display:flex;align-items:center;gap:7px}
.tip .ty{font-size:11.5px;text-transform:uppercase;letter-spacing:.05em;color:var(--_muted)}
.tip .nm{font-weight:650;overflow-wrap:anywhere}
.tip .sub{color:var(--_muted);font-size:12px;overflow-wrap:anywhere}
.tip .sep{border-top:1px solid var(--_border);margin:6px 0}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){.item,.chip{transition:background-color .12s,border-color .12s}}
`;
