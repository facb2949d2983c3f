import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from './en.js';
import { pickLanguage, translator } from './i18n.js';
import { zhCN } from './zh-CN.js';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('i18n', () => {
  it('has every Chinese key in English, and nothing else', () => {
    assert.deepEqual(keys(en).sort(), keys(zhCN).sort());
  });
  it('keeps the same placeholders in both languages', () => {
    const flat = (o: object) => new Map(keys(o).map((k) => [k, k.split('.').reduce((v: any, p) => v[p], o) as string]));
    const zh = flat(zhCN);
    for (const [key, text] of flat(en)) {
      const names = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      assert.deepEqual(names(text), names(zh.get(key) ?? ''), key);
    }
  });
  it('picks the language from the query, then the cookie, Chinese otherwise', () => {
    assert.equal(pickLanguage({ lang: 'en' }, 'zh-CN'), 'en');
    assert.equal(pickLanguage({}, 'en'), 'en');
    assert.equal(pickLanguage({}, undefined), 'zh-CN');
    assert.equal(pickLanguage({ lang: 'fr' }, undefined), 'zh-CN');
    assert.equal(translator('en')('search.results', { count: 3 }), '3 results');
  });
});
