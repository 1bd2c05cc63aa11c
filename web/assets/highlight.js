// SPDX-License-Identifier: MIT
// Highlighting of search hits (issue 13 item 2). The index holds folded
// text (src/core/fold.c, docs/search.md "Folding"), so the same folding is
// done here with a map from each folded character back to the original,
// and the words of the search are marked in the original text.

const SPECIAL = {
  ß: 'ss', ẞ: 'ss', æ: 'a', Æ: 'a', œ: 'o', Œ: 'o', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', ı: 'i', þ: 'th', Þ: 'th',
  ð: 'd', Ð: 'd', đ: 'd', Đ: 'd', ħ: 'h', Ħ: 'h', ĳ: 'ij', Ĳ: 'ij',
};

// The fold of one character, before the e-rule.
function foldChar(ch) {
  if (SPECIAL[ch]) return SPECIAL[ch];
  const cp = ch.codePointAt(0);
  if (cp < 0x80) return /[A-Za-z0-9]/.test(ch) ? ch.toLowerCase() : ' ';
  if (cp >= 0x300 && cp <= 0x36f) return '';
  if ((cp >= 0xa0 && cp <= 0xbf) || cp === 0xd7 || cp === 0xf7 || (cp >= 0x2000 && cp <= 0x206f)
    || (cp >= 0x20a0 && cp <= 0x20cf)) return ' ';
  if (cp >= 0xc0 && cp <= 0x17f) return ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return ch.toLowerCase();
}

// text folded, and for each folded character [start, end) in text.
export function foldMap(text) {
  let out = '';
  const from = [];
  const to = [];
  let afterVowel = false; // the last output was a, o or u (the e-rule)
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    if (f === 'e' && afterVowel) {
      afterVowel = false;
    } else {
      for (const c of f) {
        out += c;
        from.push(i);
        to.push(i + ch.length);
      }
      if (f.length) afterVowel = /[aou]$/.test(f);
    }
    i += ch.length;
  }
  return { out, from, to };
}

// The folded words of a search.
export function searchWords(q) {
  return foldMap(q || '').out.split(' ').filter(Boolean);
}

// text as nodes (strings and <mark> elements) with every occurrence of
// the words of q marked; the text is only ever set as text, never as HTML.
export function highlight(text, q) {
  const words = searchWords(q);
  if (!text || !words.length) return [text];
  const { out, from, to } = foldMap(text);
  const ranges = [];
  for (const w of words) {
    for (let k = out.indexOf(w); k >= 0; k = out.indexOf(w, k + 1)) ranges.push([from[k], to[k + w.length - 1]]);
  }
  if (!ranges.length) return [text];
  ranges.sort((a, b) => a[0] - b[0]);
  const nodes = [];
  let at = 0;
  let cur = null;
  const flush = () => {
    if (!cur) return;
    if (cur[0] > at) nodes.push(text.slice(at, cur[0]));
    const m = document.createElement('mark');
    m.textContent = text.slice(cur[0], cur[1]);
    nodes.push(m);
    at = cur[1];
  };
  for (const r of ranges) {
    if (cur && r[0] <= cur[1]) cur[1] = Math.max(cur[1], r[1]);
    else { flush(); cur = [...r]; }
  }
  flush();
  if (at < text.length) nodes.push(text.slice(at));
  return nodes;
}
