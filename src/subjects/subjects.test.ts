import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { citizenId, subjectInput, uscc } from '../../test/factories.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers.js';
import { AppError } from '../errors.js';
import { SearchSubjectsQuery } from './subjects.schemas.js';
import { createSubject, getSubject, importSubjects, searchSubjects, updateSubject } from './subjects.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';

const REGISTRY = [
  subjectInput({ code: uscc(1), name: '杭州恒瑞科技有限公司' }),
  subjectInput({ code: uscc(2), name: '杭州恒瑞' }),
  subjectInput({ code: uscc(3), name: '宁波海天恒瑞贸易有限公司', division: '330203' }),
  subjectInput({ code: uscc(4), name: '温州新锦（集团）有限公司', former_names: ['温州锦绣服装有限公司'] }),
  subjectInput({ code: uscc(5), name: '杭州明远信息技术有限公司' }),
  subjectInput({ code: uscc(6, '440106', '92'), name: '广州天河佳豪便利店', kind: 'individual_business' }),
  subjectInput({ code: uscc(7), name: '上海华信Ａ＆Ｂ咨询有限公司' }),
  subjectInput({ code: uscc(8), name: '杭州商州物流有限公司' }),
  subjectInput({ code: citizenId(), name: '李明', kind: 'natural_person', registered_capital: null }),
];

async function search(t: TestDatabase, q: string, extra: Record<string, unknown> = {}) {
  return searchSubjects(t.ctx, SearchSubjectsQuery.parse({ q, ...extra }));
}

for (const dialect of DIALECTS) {
  describe(`subjects on ${dialect}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
      // Small batches and a worker thread, as a large import runs.
      const result = await importSubjects(t.ctx, SYSTEM_ACTOR, REGISTRY, { batchSize: 4, workers: 1 });
      assert.deepEqual(result.errors, []);
      assert.equal(result.inserted, REGISTRY.length);
    });
    after(async () => t.drop());

    it('derives kind and division from the code', async () => {
      const s = await getSubject(t.ctx, uscc(6, '440106', '92'));
      assert.equal(s.kind, 'individual_business');
      assert.equal(s.division?.code, '440106');
      assert.equal(s.division?.full_name, '广东省广州市天河区');
    });

    it('finds a subject by a code written with spaces and lower case', async () => {
      const code = uscc(1);
      const s = await getSubject(t.ctx, `${code.slice(0, 8)} ${code.slice(8).toLowerCase()}`);
      assert.equal(s.name, '杭州恒瑞科技有限公司');
      assert.equal(s.pinyin, 'hang zhou heng rui ke ji you xian gong si');
      assert.equal(s.pinyin_initials, 'hzhrkjyxgs');
    });

    it('masks the citizen ID and address of a natural person', async () => {
      const s = await getSubject(t.ctx, citizenId());
      assert.equal(s.code, '110105********0035'.slice(0, 14) + citizenId().slice(14));
      assert.equal(s.code_masked, true);
      assert.equal(s.address, null);
    });

    it('refuses a second subject with the same code', async () => {
      await assert.rejects(
        createSubject(t.ctx, subjectInput({ code: uscc(1), name: '另一家公司' }), SYSTEM_ACTOR),
        (e: unknown) => e instanceof AppError && e.code === 'duplicate_code' && e.details[0]?.field === 'code',
      );
    });

    it('refuses a code that fails its check and names the field', async () => {
      await assert.rejects(
        createSubject(t.ctx, subjectInput({ code: '91110000600037341N', name: '某公司' }), SYSTEM_ACTOR),
        (e: unknown) => e instanceof AppError && e.code === 'invalid_code' && e.details[0]?.code === 'checksum',
      );
    });

    it('refuses a kind that contradicts the code', async () => {
      await assert.rejects(
        createSubject(t.ctx, subjectInput({ code: uscc(99), name: '某店', kind: 'individual_business' }), SYSTEM_ACTOR),
        (e: unknown) => e instanceof AppError && e.details[0]?.field === 'kind',
      );
    });

    it('ranks exact name, then prefix, then substring; shorter names first', async () => {
      const r = await search(t, '杭州恒瑞');
      assert.deepEqual(
        r.items.map((i) => [i.name, i.match]),
        [
          ['杭州恒瑞', 'name_exact'],
          ['杭州恒瑞科技有限公司', 'name_prefix'],
        ],
      );
      assert.equal(r.total, 2);
      assert.equal(r.total_exact, true);
    });

    it('finds one- and two-character queries anywhere in a name', async () => {
      const two = await search(t, '恒瑞');
      assert.deepEqual(
        two.items.map((i) => i.name).sort(),
        ['宁波海天恒瑞贸易有限公司', '杭州恒瑞', '杭州恒瑞科技有限公司'].sort(),
      );
      const one = await search(t, '锦');
      assert.deepEqual(
        one.items.map((i) => [i.name, i.match]),
        [['温州新锦（集团）有限公司', 'name']],
      );
      const third = await search(t, '瑞贸易');
      assert.deepEqual(
        third.items.map((i) => i.name),
        ['宁波海天恒瑞贸易有限公司'],
      );
    });

    it('highlights the match in the name as displayed', async () => {
      const r = await search(t, '(集团)');
      assert.equal(r.items[0]?.name, '温州新锦（集团）有限公司');
      assert.deepEqual(r.items[0]?.highlight, [[4, 8]]);
    });

    it('treats full-width and half-width forms alike', async () => {
      assert.equal((await search(t, '新锦(集团)')).items[0]?.name, '温州新锦（集团）有限公司');
      assert.equal((await search(t, '新锦【集团】')).items[0]?.name, '温州新锦（集团）有限公司');
      assert.equal((await search(t, 'a&b')).items[0]?.name, '上海华信Ａ＆Ｂ咨询有限公司');
    });

    it('finds former names and says so', async () => {
      const r = await search(t, '锦绣服装');
      assert.equal(r.items[0]?.name, '温州新锦（集团）有限公司');
      assert.equal(r.items[0]?.match, 'former_name');
      assert.equal(r.items[0]?.matched_former_name, '温州锦绣服装有限公司');
      assert.deepEqual(r.items[0]?.highlight, [[2, 6]]);
    });

    it('finds full pinyin from a syllable start and initials, not pinyin across syllables', async () => {
      const full = await search(t, 'hangzhouhengrui');
      assert.deepEqual(
        full.items.map((i) => i.name),
        ['杭州恒瑞', '杭州恒瑞科技有限公司'],
      );
      assert.equal(full.items[0]?.match, 'pinyin');
      const initials = await search(t, 'hzhr');
      assert.deepEqual(
        initials.items.map((i) => i.name),
        ['杭州恒瑞', '杭州恒瑞科技有限公司'],
      );
      const hz = await search(t, 'hangzhou');
      assert.ok(
        hz.items.every((i) => i.name.startsWith('杭州')),
        'shang zhou must not match hangzhou',
      );
      assert.equal(hz.total, 4);
    });

    it('finds a code exactly and by prefix, persons only exactly', async () => {
      const exact = await search(t, uscc(3));
      assert.equal(exact.items[0]?.match, 'code');
      assert.equal(exact.items[0]?.name, '宁波海天恒瑞贸易有限公司');
      const prefix = await search(t, '91330106');
      assert.equal(prefix.total, 7);
      assert.ok(prefix.items.every((i) => i.match === 'code_prefix'));
      const personPrefix = await search(t, citizenId().slice(0, 10));
      assert.equal(personPrefix.total, 0);
      const person = await search(t, citizenId());
      assert.equal(person.items[0]?.name, '李明');
      assert.equal(person.items[0]?.code, `110105********${citizenId().slice(14)}`);
    });

    it('filters by kind and division, and pages', async () => {
      const kind = await search(t, '有限公司', { kind: 'individual_business' });
      assert.equal(kind.total, 0);
      const ningbo = await search(t, '有限公司', { division: '3302' });
      assert.deepEqual(
        ningbo.items.map((i) => i.name),
        ['宁波海天恒瑞贸易有限公司'],
      );
      const page1 = await search(t, '有限公司', { page_size: 2 });
      const page2 = await search(t, '有限公司', { page_size: 2, page: 2 });
      assert.equal(page1.total, 6);
      assert.equal(page1.items.length, 2);
      assert.equal(page2.items.length, 2);
      assert.notDeepEqual(
        page1.items.map((i) => i.id),
        page2.items.map((i) => i.id),
      );
    });

    it('past the ranking cap keeps exact and prefix names first and says the total is a lower bound', async () => {
      const many = Array.from({ length: 30 }, (_, i) =>
        subjectInput({ code: uscc(200 + i), name: `温州锦绣${i}号服装厂` }),
      );
      many.push(
        subjectInput({ code: uscc(300), name: '锦绣服装有限公司' }),
        subjectInput({ code: uscc(301), name: '锦绣' }),
      );
      assert.equal((await importSubjects(t.ctx, SYSTEM_ACTOR, many)).inserted, 32);
      const capped = { ...t.ctx, config: { ...t.ctx.config, SEARCH_MAX_CANDIDATES: 20 } };
      const r = await searchSubjects(capped, SearchSubjectsQuery.parse({ q: '锦绣', page_size: 5 }));
      assert.equal(r.total_exact, false);
      assert.ok(r.total >= 20);
      assert.deepEqual(
        r.items.slice(0, 2).map((i) => [i.name, i.match]),
        [
          ['锦绣', 'name_exact'],
          ['锦绣服装有限公司', 'name_prefix'],
        ],
      );
      const all = await searchSubjects(t.ctx, SearchSubjectsQuery.parse({ q: '锦绣' }));
      assert.equal(all.total_exact, true);
      assert.equal(all.total, 33); // the 32 above and 温州新锦（集团） by its former name
    });

    it('renaming keeps the old name searchable as a former name', async () => {
      const renamed = await updateSubject(t.ctx, uscc(5), { name: '杭州明远数字科技有限公司' }, SYSTEM_ACTOR);
      assert.deepEqual(renamed.former_names, ['杭州明远信息技术有限公司']);
      const byOld = await search(t, '明远信息');
      assert.equal(byOld.items[0]?.match, 'former_name');
      const byNew = await search(t, '明远数字');
      assert.equal(byNew.items[0]?.name, '杭州明远数字科技有限公司');
      assert.equal((await search(t, 'mingyuanshuzi')).total, 1);
    });

    it('reports every bad row of an import and keeps the good ones, in worker threads too', async () => {
      const rows = [
        subjectInput({ code: uscc(50), name: '好的公司甲' }),
        { code: '123', name: '坏代码' },
        subjectInput({ code: uscc(1), name: '重复代码' }),
        { code: uscc(51), name: '' },
        subjectInput({ code: uscc(52), name: '好的公司乙' }),
        subjectInput({ code: uscc(52), name: '同批重复' }),
      ];
      const result = await importSubjects(t.ctx, SYSTEM_ACTOR, rows);
      assert.equal(result.inserted, 2);
      assert.deepEqual(
        result.errors.map((e) => [e.row, e.field, e.code ?? null]),
        [
          [2, 'code', 'length'],
          [3, 'code', 'duplicate_code'],
          [4, 'name', null],
          [6, 'code', 'duplicate_code'],
        ],
      );
      assert.equal((await search(t, '好的公司')).total, 2);
      // The same rows again, two a batch, built by a worker thread: everything is now a duplicate
      // or a bad row, reported under the same row numbers.
      const again = await importSubjects(t.ctx, SYSTEM_ACTOR, rows, { batchSize: 2, workers: 1 });
      assert.equal(again.inserted, 0);
      assert.deepEqual(
        again.errors.map((e) => [e.row, e.code ?? e.field]),
        [
          [1, 'duplicate_code'],
          [2, 'length'],
          [3, 'duplicate_code'],
          [4, 'name'],
          [5, 'duplicate_code'],
          [6, 'duplicate_code'],
        ],
      );
    });
  });
}
