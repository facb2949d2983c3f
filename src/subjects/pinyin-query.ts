import { pinyin } from 'pinyin-pro';

let syllables: Set<string> | undefined;
let longest = 0;

/** Every toneless pinyin syllable (ü written v), read off pinyin-pro's own dictionary once. */
function pinyinSyllables(): Set<string> {
  if (!syllables) {
    let all = '';
    for (let code = 0x4e00; code <= 0x9fff; code++) all += String.fromCharCode(code);
    syllables = new Set(
      pinyin(all, { toneType: 'none', type: 'array', v: true, multiple: false }).filter((s) => /^[a-z]+$/.test(s)),
    );
    for (const s of syllables) longest = Math.max(longest, s.length);
  }
  return syllables;
}

function isSyllablePrefix(text: string): boolean {
  for (const s of pinyinSyllables()) if (s.startsWith(text)) return true;
  return false;
}

export interface PinyinReading {
  /** Whole syllables, in order. */
  syllables: string[];
  /** The start of one more syllable the query ends in, if any (hangzh → hang + zh…). */
  partial: string | null;
}

/**
 * The ways a run of Latin letters reads as pinyin from the start of a syllable: whole syllables,
 * optionally ending in the start of one more. xian → [xian], [xi, an], [xi, a…], [xian…], …
 * Bounded: at most `limit` readings, so that a long or odd query stays cheap.
 */
export function pinyinReadings(q: string, limit = 24): PinyinReading[] {
  const out: PinyinReading[] = [];
  if (!/^[a-z]+$/.test(q)) return out;
  const all = pinyinSyllables();
  const walk = (at: number, taken: string[]) => {
    if (out.length >= limit) return;
    if (at === q.length) {
      if (taken.length > 0) out.push({ syllables: [...taken], partial: null });
      return;
    }
    for (let len = Math.min(longest, q.length - at); len >= 1; len--) {
      const piece = q.slice(at, at + len);
      if (all.has(piece)) walk(at + len, [...taken, piece]);
    }
    const rest = q.slice(at);
    if (rest.length <= longest && !all.has(rest) && isSyllablePrefix(rest)) {
      if (out.length < limit) out.push({ syllables: [...taken], partial: rest });
    } else if (rest.length <= longest && all.has(rest) && out.length < limit) {
      // A whole final syllable may also be the start of a longer one: an → an, ang.
      out.push({ syllables: [...taken], partial: rest });
    }
  };
  walk(0, []);
  return out;
}
