import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { after, before, describe, it } from 'node:test';
import { ERROR_STATUS } from '../src/errors.js';
import { subjectInput, uscc } from './factories.js';
import { createTestApp, DIALECTS, signIn, type TestApp } from './helpers.js';

for (const dialect of DIALECTS) {
  describe(`HTTP API on ${dialect}`, () => {
    let t: TestApp;
    let cookie: string;
    before(async () => {
      t = await createTestApp(dialect);
      cookie = await signIn(t, 'operator');
    });
    after(async () => t.drop());

    const json = (body: unknown) => ({
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

    it('creates, reads and updates a subject', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subjects',
        headers: { 'content-type': 'application/json', cookie },
        payload: subjectInput({ code: uscc(1), name: '杭州恒瑞科技有限公司' }),
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().kind, 'enterprise');
      const read = await t.app.inject(`/api/v1/subjects/${uscc(1)}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().name, '杭州恒瑞科技有限公司');
      const byId = await t.app.inject(`/api/v1/subjects/${created.json().id}`);
      assert.equal(byId.json().code, uscc(1));
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/subjects/${uscc(1)}`,
        headers: { cookie },
        payload: { status: 'cancelled' },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().status, 'cancelled');
      const found = await t.app.inject('/api/v1/subjects?q=%E6%81%92%E7%91%9E');
      assert.deepEqual(
        found.json().items.map((i: { name: string }) => i.name),
        ['杭州恒瑞科技有限公司'],
      );
      assert.deepEqual(Object.keys(found.json()).sort(), ['items', 'page', 'page_size', 'total', 'total_exact']);
    });

    it('checks codes over HTTP, 200 also for invalid codes', async () => {
      const ok = await t.app.inject('/api/v1/codes/91350100M000100Y43');
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(Object.keys(ok.json()), ['input', 'valid', 'type', 'normalized', 'errors', 'parts']);
      assert.equal(ok.json().parts.division.city, '福州市');
      const bad = await t.app.inject('/api/v1/codes/91110000600037341N');
      assert.equal(bad.statusCode, 200);
      assert.equal(bad.json().errors[0].code, 'checksum');
    });

    // Each: request, status, error code, the field the details must name.
    const BAD: [string, InjectOptions, number, string, string | null][] = [
      ['empty query', { url: '/api/v1/subjects?q=' }, 400, 'validation_failed', 'query.q'],
      ['blank query', { url: '/api/v1/subjects?q=%20%20' }, 400, 'validation_failed', 'query.q'],
      ['oversized query', { url: `/api/v1/subjects?q=${'恒'.repeat(101)}` }, 400, 'validation_failed', 'query.q'],
      ['punctuation-only short query', { url: '/api/v1/subjects?q=%EF%BC%88' }, 400, 'invalid_query', 'q'],
      ['missing query', { url: '/api/v1/subjects' }, 400, 'validation_failed', 'query.q'],
      ['unknown parameter', { url: '/api/v1/subjects?q=a&sort=name' }, 400, 'unknown_parameter', 'query.sort'],
      ['bad page', { url: '/api/v1/subjects?q=a&page=0' }, 400, 'validation_failed', 'query.page'],
      ['non-numeric page', { url: '/api/v1/subjects?q=a&page=x' }, 400, 'validation_failed', 'query.page'],
      ['bad kind', { url: '/api/v1/subjects?q=a&kind=bank' }, 400, 'validation_failed', 'query.kind'],
      ['bad division', { url: '/api/v1/subjects?q=a&division=3' }, 400, 'validation_failed', 'query.division'],
      ['malformed key', { url: '/api/v1/subjects/not-a-code' }, 400, 'invalid_code', 'key'],
      ['unknown subject', { url: `/api/v1/subjects/${uscc(777)}` }, 404, 'not_found', 'key'],
      ['unknown route', { url: '/api/v1/nothing' }, 404, 'not_found', null],
      ['oversized code', { url: `/api/v1/codes/${'9'.repeat(65)}` }, 400, 'validation_failed', 'params.code'],
      [
        'malformed JSON',
        {
          method: 'POST',
          url: '/api/v1/subjects',
          headers: { 'content-type': 'application/json' },
          payload: '{"code":',
        },
        400,
        'malformed_json',
        'body',
      ],
      [
        'empty JSON body',
        { method: 'POST', url: '/api/v1/subjects', headers: { 'content-type': 'application/json' }, payload: '' },
        400,
        'malformed_json',
        'body',
      ],
      [
        'JSON array instead of object',
        { method: 'POST', url: '/api/v1/subjects', ...json([1, 2]) },
        400,
        'validation_failed',
        'body',
      ],
      [
        'wrong content type',
        { method: 'POST', url: '/api/v1/subjects', headers: { 'content-type': 'text/csv' }, payload: 'a,b' },
        415,
        'unsupported_media_type',
        'content-type',
      ],
      [
        'body too large',
        { method: 'POST', url: '/api/v1/subjects', ...json({ code: uscc(2), name: 'x'.repeat(2_000_000) }) },
        413,
        'payload_too_large',
        'body',
      ],
      [
        'invalid code',
        { method: 'POST', url: '/api/v1/subjects', ...json({ code: '12345', name: '某公司' }) },
        400,
        'invalid_code',
        'code',
      ],
      [
        'code failing its check',
        { method: 'POST', url: '/api/v1/subjects', ...json({ code: '913100001234567896', name: '某公司' }) },
        400,
        'invalid_code',
        'code',
      ],
      [
        'missing name',
        { method: 'POST', url: '/api/v1/subjects', ...json({ code: uscc(3) }) },
        400,
        'validation_failed',
        'body.name',
      ],
      [
        'unknown field',
        { method: 'POST', url: '/api/v1/subjects', ...json({ code: uscc(3), name: '某公司', rating: 'AAA' }) },
        400,
        'unknown_parameter',
        'body.rating',
      ],
      [
        'future date',
        {
          method: 'POST',
          url: '/api/v1/subjects',
          ...json({ code: uscc(3), name: '某公司', registered_date: '2999-01-01' }),
        },
        400,
        'validation_failed',
        'body.registered_date',
      ],
      [
        'impossible date',
        {
          method: 'POST',
          url: '/api/v1/subjects',
          ...json({ code: uscc(3), name: '某公司', registered_date: '2020-02-30' }),
        },
        400,
        'validation_failed',
        'body.registered_date',
      ],
      [
        'negative capital',
        { method: 'POST', url: '/api/v1/subjects', ...json({ code: uscc(3), name: '某公司', registered_capital: -1 }) },
        400,
        'validation_failed',
        'body.registered_capital',
      ],
      [
        'unknown division',
        { method: 'POST', url: '/api/v1/subjects', ...json({ code: uscc(3), name: '某公司', division: '999999' }) },
        400,
        'validation_failed',
        'body.division',
      ],
      [
        'wrong type of field',
        { method: 'POST', url: '/api/v1/subjects', ...json({ code: 918, name: ['a'] }) },
        400,
        'validation_failed',
        'body.code',
      ],
      [
        'empty patch',
        { method: 'PATCH', url: `/api/v1/subjects/${uscc(1)}`, ...json({}) },
        400,
        'validation_failed',
        'body',
      ],
      [
        'patch of an unknown subject',
        { method: 'PATCH', url: `/api/v1/subjects/${uscc(778)}`, ...json({ status: 'revoked' }) },
        404,
        'not_found',
        'key',
      ],
      ['unsupported method', { method: 'DELETE', url: `/api/v1/subjects/${uscc(1)}` }, 404, 'not_found', null],
    ];

    for (const [name, request, status, code, field] of BAD) {
      it(`answers ${status} ${code} to ${name}`, async () => {
        const response = await t.app.inject({ ...request, headers: { ...request.headers, cookie } });
        assert.equal(response.statusCode, status, response.body.slice(0, 500));
        const body = response.json();
        assert.equal(body.error.code, code);
        assert.equal(ERROR_STATUS[code as keyof typeof ERROR_STATUS], status);
        assert.equal(typeof body.error.message, 'string');
        if (field) {
          assert.ok(
            body.error.details.some((d: { field?: string }) => d.field === field),
            `details should name ${field}: ${JSON.stringify(body.error.details)}`,
          );
        }
      });
    }

    it('answers 409 duplicate_code to a code already registered', async () => {
      const body = json({ code: uscc(1), name: '又一家' });
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subjects',
        ...body,
        headers: { ...body.headers, cookie },
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'duplicate_code');
      assert.equal(again.json().error.details[0].field, 'code');
    });

    it('answers 401 to an anonymous write and 403 to a role that may not write', async () => {
      const body = json(subjectInput({ code: uscc(5), name: '某公司' }));
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/subjects', ...body });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error.code, 'unauthenticated');
      const association = await signIn(t, 'association');
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subjects',
        ...body,
        headers: { ...body.headers, cookie: association },
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'forbidden');
    });

    it('documents every API route in the OpenAPI document', async () => {
      const doc = (await t.app.inject('/openapi.json')).json();
      assert.equal(doc.openapi, '3.1.0');
      const paths = Object.keys(doc.paths);
      for (const path of ['/api/v1/subjects', '/api/v1/subjects/{key}', '/api/v1/codes/{code}', '/api/v1/health']) {
        assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
      }
      const docs = await t.app.inject('/docs/');
      assert.equal(docs.statusCode, 200);
      const health = await t.app.inject('/api/v1/health');
      assert.deepEqual(health.json(), { status: 'ok', database: dialect });
    });
  });
}
