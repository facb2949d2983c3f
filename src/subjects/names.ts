import { pinyin } from 'pinyin-pro';

// NFKC already folds full-width forms (（）→ (), Ａ → A, ideographic space → space); these
// bracket shapes have no compatibility mapping but mean the same in a registered name.
const BRACKETS: Record<string, string> = {
  '【': '(',
  '】': ')',
  '〔': '(',
  '〕': ')',
  '［': '(',
  '］': ')',
  '[': '(',
  ']': ')',
};

/** Search form of a name or query: NFKC, one bracket style, lower case, no whitespace. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[【】〔〕［］[\]]/g, (ch) => BRACKETS[ch] ?? ch)
    .toLowerCase()
    .replace(/\s+/g, '');
}

export interface NamePinyin {
  /** Syllables (and other letters and digits, one each): 北京腾讯 → [bei, jing, teng, xun]. */
  syllables: string[];
  /** Full pinyin without tones or spaces: beijingtengxun. */
  full: string;
  /** First letters: bjtx. */
  initials: string;
}

/** Pinyin of a name; letters and digits in the name are kept, other symbols dropped. */
export function namePinyin(name: string): NamePinyin {
  // With nonZh 'spaced' every other character is an element of its own, so the first character
  // of each element is the initial of a syllable or the character itself.
  const elements = pinyin(normalizeName(name), { toneType: 'none', type: 'array', v: true, nonZh: 'spaced' });
  const syllables: string[] = [];
  for (const element of elements) {
    const text = element.replace(/[^a-z0-9]/g, '');
    if (text !== '') syllables.push(text);
  }
  return { syllables, full: syllables.join(''), initials: syllables.map((s) => s.charAt(0)).join('') };
}

/**
 * Whether a Latin query matches the pinyin from the start of a syllable (hangzhou in hang zhou,
 * not in shang zhou) or the initials anywhere.
 */
export function pinyinMatches(spacedPinyin: string, initials: string, q: string): boolean {
  if (initials.includes(q)) return true;
  const syllables = spacedPinyin.split(' ');
  const full = syllables.join('');
  let offset = 0;
  for (const syllable of syllables) {
    if (full.startsWith(q, offset)) return true;
    offset += syllable.length;
  }
  return false;
}

/** The text the trigram index holds: the current and former names and the initials, one a line. */
export function trigramDocument(nameNorm: string, formerNorm: string, initials: string): string {
  return formerNorm === '' ? `${nameNorm}\n${initials}` : `${nameNorm}\n${formerNorm}\n${initials}`;
}

// Separates the parts of a token document, so that no phrase runs from one part into the next.
const PART = ' x1x ';

function spaced(text: string): string {
  return [...text].join(' ');
}

/**
 * The token document of the per-character index: every character of every name, the pinyin
 * syllables and every initial as its own token. It answers one- and two-character queries and,
 * with pinyinReadings, full pinyin and initials.
 */
export function tokenDocument(nameNorm: string, formerNorm: string, spacedPinyin: string, initials: string): string {
  const names = formerNorm === '' ? [nameNorm] : [nameNorm, ...formerNorm.split('\n')];
  return [...names.map(spaced), spacedPinyin, spaced(initials)].join(PART);
}

/** Letters and digits of a short query: what a per-character phrase query can match. */
export function queryCharacters(q: string): string[] {
  return [...q].filter((ch) => /[\p{L}\p{N}]/u.test(ch));
}

/**
 * Where the normalised query occurs in a name as displayed: [start, end) ranges in UTF-16 units of
 * the original name, so a page can mark them even when the name has full-width brackets or spaces.
 */
export function highlightRanges(name: string, queryNorm: string): [number, number][] {
  if (queryNorm === '') return [];
  let norm = '';
  const origin: number[] = []; // origin[i] = index in name of the character that produced norm[i]
  let i = 0;
  for (const ch of name) {
    const n = normalizeName(ch);
    for (let k = 0; k < n.length; k++) origin.push(i);
    norm += n;
    i += ch.length;
  }
  origin.push(name.length);
  const ranges: [number, number][] = [];
  let from = norm.indexOf(queryNorm);
  while (from >= 0) {
    const start = origin[from] ?? 0;
    const endNorm = from + queryNorm.length;
    const last = origin[endNorm - 1] ?? start;
    const end = last + (name.codePointAt(last) !== undefined && (name.codePointAt(last) ?? 0) > 0xffff ? 2 : 1);
    ranges.push([start, end]);
    from = norm.indexOf(queryNorm, endNorm);
  }
  return ranges;
}
