import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  highlightRanges,
  namePinyin,
  normalizeName,
  pinyinMatches,
  queryCharacters,
  tokenDocument,
  trigramDocument,
} from './names.js';

describe('name normaliser', () => {
  it('folds full-width forms, bracket styles, case and spaces', () => {
    assert.equal(normalizeName('温州新锦（集团）有限公司'), '温州新锦(集团)有限公司');
    assert.equal(normalizeName('温州新锦【集团】有限公司'), '温州新锦(集团)有限公司');
    assert.equal(normalizeName('ＡＢＣ　Trading 公司'), 'abctrading公司');
  });
  it('gives pinyin syllables and initials, keeping Latin letters and digits', () => {
    assert.deepEqual(namePinyin('重庆长安汽车'), {
      syllables: ['chong', 'qing', 'chang', 'an', 'qi', 'che'],
      full: 'chongqingchanganqiche',
      initials: 'cqcaqc',
    });
    assert.equal(namePinyin('3M中国').initials, '3mzg');
    assert.equal(namePinyin('吕梁').full, 'lvliang');
  });
  it('matches pinyin only from a syllable start', () => {
    assert.equal(pinyinMatches('hang zhou', 'hz', 'hangzhou'), true);
    assert.equal(pinyinMatches('shang zhou', 'sz', 'hangzhou'), false);
    assert.equal(pinyinMatches('shang zhou', 'sz', 'zhou'), true);
    assert.equal(pinyinMatches('shang zhou', 'sz', 'sz'), true);
  });
  it('highlights in the original text even across width and space differences', () => {
    assert.deepEqual(highlightRanges('温州新锦（集团）有限公司', '(集团)'), [[4, 8]]);
    assert.deepEqual(highlightRanges('Ａ Ｂ 公司', 'ab'), [[0, 3]]);
    assert.deepEqual(highlightRanges('恒瑞恒瑞', '恒瑞'), [
      [0, 2],
      [2, 4],
    ]);
    assert.deepEqual(highlightRanges('公司', ''), []);
  });
  it('makes every character a token for short queries, keeping lines apart', () => {
    assert.equal(tokenDocument('恒瑞', '鑫源', 'heng rui', 'hr'), '恒 瑞 x1x 鑫 源 x1x heng rui x1x h r');
    assert.equal(trigramDocument('恒瑞', '', 'hr'), '恒瑞\nhr');
    assert.equal(trigramDocument('恒瑞', '鑫源\n华信', 'hr'), '恒瑞\n鑫源\n华信\nhr');
    assert.deepEqual(queryCharacters('(恒'), ['恒']);
  });
});
