// Turns an annotation result into highlight elements around text, and back.
//
// Text only ever reaches the DOM as Text nodes (createTextNode, Node.append with
// a string, splitting by String.slice): never as HTML. Highlights wrap slices of
// existing text, so the highlighted container's textContent stays the input.
// Class names, part names and attributes come from the fixed TYPES table or are
// numbers; nothing taken from the text ever becomes a name.

/**
 * Entity types in display order; the keys are the core's labels. Each is {key, one, many}:
 * the class/part/`hide` name (the label in lower case) and the display names.
 */
export const TYPES = new Map([
  ["PERSON", "Person", "People"],
  ["ORG", "Organisation", "Organisations"],
  ["GPE", "Country, city or state", "Places"],
  ["LOC", "Location", "Locations"],
  ["NORP", "Nationality or group", "Groups"],
  ["EVENT", "Event", "Events"],
  ["DATE", "Date", "Dates"],
  ["TIME", "Time", "Times"],
  ["MONEY", "Money", "Money"],
  ["PERCENT", "Percentage", "Percentages"],
  ["TITLE", "Title or role", "Titles"],
].map(([type, one, many]) => [type, { key: type.toLowerCase(), one, many }]));

/** A display label for a quote kind: "direct", "reported" (indirect), "term", else "quote". */
export function kindLabel(kind) {
  return kind === "indirect" ? "reported" : kind === "direct" || kind === "term" ? kind : "quote";
}

function validSpan(s, length) {
  return s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= length;
}

/** `x` if it is an array, else []: results are read defensively. */
export const arr = (x) => (Array.isArray(x) ? x : []);

/**
 * Cuts [0, length) into the highlighted pieces of `result`: each is
 * {start, end, m, q} where m is a mention index (or -1) and q a quote index
 * (or -1). Where mentions overlap, the innermost (latest-starting) wins.
 * Pieces are in order, disjoint, and unhighlighted gaps are left out.
 * Runs in O(n log n) for n spans.
 */
export function segments(length, result) {
  const mentions = arr(result?.mentions);
  const quotes = arr(result?.quotes);
  const spans = []; // [start, end, layer 0 = mention / 1 = quote, index]
  mentions.forEach((m, i) => {
    if (validSpan(m, length) && TYPES.has(m.type)) spans.push([m.start, m.end, 0, i]);
  });
  quotes.forEach((q, i) => {
    for (const p of arr(q?.parts)) if (validSpan(p, length)) spans.push([p.start, p.end, 1, i]);
  });
  if (spans.length === 0) return [];
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const bounds = new Set();
  for (const s of spans) bounds.add(s[0]).add(s[1]);
  const points = [...bounds].sort((a, b) => a - b);

  const out = [];
  const active = [[], []]; // per layer: spans covering the current point, in start order
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const at = points[i];
    for (const layer of active) {
      let w = 0;
      for (const s of layer) if (s[1] > at) layer[w++] = s;
      layer.length = w;
    }
    while (next < spans.length && spans[next][0] === at) {
      active[spans[next][2]].push(spans[next]);
      next++;
    }
    const m = active[0].length ? active[0][active[0].length - 1][3] : -1;
    const q = active[1].length ? active[1][active[1].length - 1][3] : -1;
    if (m < 0 && q < 0) continue;
    const last = out[out.length - 1];
    if (last && last.end === at && last.m === m && last.q === q) last.end = points[i + 1];
    else out.push({ start: at, end: points[i + 1], m, q });
  }
  return out;
}

/**
 * Wraps the pieces `segs` (from `segments`) of the text held by `nodes`, a list of
 * {node: Text, start} in document order, in elements made by `make(seg)`.
 * Original Text nodes are replaced, never changed, so `unwrap` restores them exactly.
 * Whitespace-only nodes are left alone when `skipBlank` (they may sit where only
 * certain elements are allowed, such as between table rows).
 * Returns {records, wraps, map}: what to undo, the {el, seg} made, and a new
 * {node, start} list for the text as it now is.
 */
export function wrapRanges(nodes, segs, make, { skipBlank = false } = {}) {
  const records = [];
  const wraps = [];
  const map = [];
  // Pieces are disjoint and sorted, so their ends are too: skip to the first one that reaches the text.
  const from = nodes.length ? nodes[0].start : 0;
  let k = 0;
  let hi = segs.length;
  while (k < hi) {
    const mid = (k + hi) >> 1;
    if (segs[mid].end <= from) k = mid + 1;
    else hi = mid;
  }
  for (const { node, start } of nodes) {
    const data = node.data;
    const end = start + data.length;
    while (k < segs.length && segs[k].end <= start) k++;
    if (k >= segs.length || segs[k].start >= end || (skipBlank && data.trim() === "")) {
      map.push({ node, start });
      continue;
    }
    const created = [];
    const doc = node.ownerDocument;
    let pos = start;
    let j = k;
    while (j < segs.length && segs[j].start < end) {
      const seg = segs[j];
      const s = Math.max(seg.start, start);
      const e = Math.min(seg.end, end);
      if (s > pos) {
        const t = doc.createTextNode(data.slice(pos - start, s - start));
        created.push(t);
        map.push({ node: t, start: pos });
      }
      const el = make(seg);
      const t = doc.createTextNode(data.slice(s - start, e - start));
      el.appendChild(t);
      created.push(el);
      map.push({ node: t, start: s });
      wraps.push({ el, seg });
      pos = e;
      if (seg.end <= end) j++;
      else break;
    }
    if (pos < end) {
      const t = doc.createTextNode(data.slice(pos - start));
      created.push(t);
      map.push({ node: t, start: pos });
    }
    k = j;
    const frag = doc.createDocumentFragment();
    for (const n of created) frag.appendChild(n);
    node.parentNode.replaceChild(frag, node);
    records.push({ original: node, created });
  }
  return { records, wraps, map };
}

/**
 * Cuts a long text into blocks of about `size` units or more, as [start, end]
 * pairs; a short text is one block. A block ends after a blank line where there
 * is one within reach, else after a line break, else after a space, else anywhere
 * but inside a surrogate pair. With `white-space: pre-wrap`, blocks that end at a
 * blank line look exactly like the text in one piece (elsewhere a line may end
 * early), and the browser lays out only the blocks on screen.
 */
export function blocks(text, size = 8192, min = 32768) {
  if (text.length <= min) return [[0, text.length]];
  const out = [];
  let pos = 0;
  while (text.length - pos > 2 * size) {
    const from = pos + size;
    const reach = pos + 4 * size;
    let end = -1;
    for (const sep of ["\n\n", "\n", " "]) {
      const at = text.indexOf(sep, from);
      if (at >= 0 && at < reach) {
        end = at + sep.length;
        break;
      }
    }
    if (end < 0) {
      end = reach;
      const c = text.charCodeAt(end - 1);
      if (c >= 0xd800 && c <= 0xdbff) end--;
    }
    while (text[end] === "\n") end++;
    out.push([pos, end]);
    pos = end;
  }
  out.push([pos, text.length]);
  return out;
}

/** Undoes `wrapRanges`: puts every original Text node back where it was. */
export function unwrap(records) {
  for (let i = records.length - 1; i >= 0; i--) {
    const { original, created } = records[i];
    const first = created[0];
    if (!first?.parentNode) continue;
    first.parentNode.insertBefore(original, first);
    for (const n of created) n.parentNode?.removeChild(n);
  }
}

/** A DOM Range over [start, end) of the text held by `map` (from `wrapRanges`), or null. */
export function rangeFor(map, start, end) {
  const a = point(map, start, false);
  const b = point(map, end, true);
  if (!a || !b) return null;
  const range = a[0].ownerDocument.createRange();
  try {
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
  } catch {
    return null;
  }
  return range;
}

function point(map, offset, isEnd) {
  // The last node starting at or before `offset` (strictly before, for an end point).
  let lo = 0;
  let hi = map.length - 1;
  let found = map.length ? 0 : -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = map[mid].start;
    if (isEnd ? s < offset : s <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return null;
  const { node, start } = map[found];
  return [node, Math.min(Math.max(offset - start, 0), node.data.length)];
}

const SKIP = new Set(
  ("script style noscript template textarea select option iframe object embed canvas svg math video audio " +
    "head title input button article-annotator").split(" "),
);
const BLOCK = new Set(
  ("address article aside blockquote dd details dialog div dl dt fieldset figcaption figure footer form " +
    "h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody thead tfoot tr td th caption ul").split(" "),
);

/**
 * Reads the text of a host element for in-place annotation: the Text nodes in
 * document order (skipping scripts, styles, form controls, embedded content and
 * <article-annotator> elements, which may sit inside the article they annotate),
 * with "\n\n" put between block elements and "\n" for <br> where the text has
 * no line break, so paragraphs stay paragraphs. Returns {text, nodes} where
 * nodes is a {node, start} list indexing `text`. No recursion: the walk is a loop.
 */
export function collectText(root) {
  const parts = [];
  const nodes = [];
  let length = 0;
  let lastChar = "\n";
  const gap = (s) => {
    if (length === 0 || lastChar === "\n") return;
    parts.push(s);
    length += s.length;
    lastChar = "\n";
  };
  let n = root.firstChild;
  while (n) {
    let descend = false;
    if (n.nodeType === 3) {
      if (n.data.length) {
        nodes.push({ node: n, start: length });
        parts.push(n.data);
        length += n.data.length;
        lastChar = n.data[n.data.length - 1];
      }
    } else if (n.nodeType === 1) {
      const name = n.localName;
      if (name === "br") gap("\n");
      else if (!SKIP.has(name)) {
        if (BLOCK.has(name)) gap("\n\n");
        descend = n.firstChild !== null;
      }
    }
    if (descend) {
      n = n.firstChild;
      continue;
    }
    while (n !== root && !n.nextSibling) {
      n = n.parentNode;
      if (n !== root && BLOCK.has(n.localName)) gap("\n\n");
    }
    n = n === root ? null : n.nextSibling;
  }
  return { text: parts.join(""), nodes };
}

/** Removes common leading indentation and surrounding blank lines (for light-DOM text). */
export function dedent(text) {
  const lines = text.split("\n");
  while (lines.length && lines[0].trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === "") continue;
    let i = 0;
    while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
    indent = Math.min(indent, i);
  }
  if (!Number.isFinite(indent)) indent = 0;
  return lines.map((l) => (l.trim() === "" ? "" : l.slice(indent))).join("\n").trimEnd();
}
