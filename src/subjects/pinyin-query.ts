import { pinyin } from 'pinyin-pro';

let syllables: Set<string> | undefined;
let longest = 0;

/** Every toneless pinyin syllable (ü written v), read off pinyin-pro's own dictionary once. */
function pinyinSyllables(): Set<string> {
  if (!syllables) {
    let all = '';
    for (let code = 0x4e00; code <= 0x9fff; code++) all += String.fromCharCode(code);
    // Interjections without a vowel (m, n, ng, hm, hng) never occur in names and would only add
    // readings: hangzhou is not ha-ng-zhou.
    syllables = new Set(
      pinyin(all, { toneType: 'none', type: 'array', v: true, multiple: false }).filter((s) =>
        /^[a-z]*[aeiouv][a-z]*$/.test(s),
      ),
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
  /** The start (or the whole) of the last syllable: hangzh → hang + zh…. */
  partial: string;
}

/**
 * The ways a run of Latin letters reads as pinyin from the start of a syllable: whole syllables
 * followed by the start of one more (which may be whole: an… covers an and ang).
 * xian → [xian…], [xia, n…], [xi, an…], [xi, a, n…]. Bounded by `limit`, so an odd query stays cheap.
 */
export function pinyinReadings(q: string, limit = 16): PinyinReading[] {
  const out: PinyinReading[] = [];
  if (!/^[a-z]+$/.test(q)) return out;
  const all = pinyinSyllables();
  const walk = (at: number, taken: string[]) => {
    if (out.length >= limit) return;
    const rest = q.slice(at);
    if (rest.length <= longest && isSyllablePrefix(rest)) out.push({ syllables: taken, partial: rest });
    for (let len = Math.min(longest, q.length - at - 1); len >= 1; len--) {
      const piece = q.slice(at, at + len);
      if (all.has(piece)) walk(at + len, [...taken, piece]);
    }
  };
  walk(0, []);
  return out;
}
