// Unit tests for the live page's JSON Patch code. Run: node --test vortex-server/src/test/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PatchError, applyPatch, applyOperation, formatPointer, getValue, parsePointer,
} from '../../main/resources/webroot/jsonpatch.js';

const base = () => ({ server: { port: 8080 }, list: ['a', 'b', 'c'], 'a/b': 1, 'm~n': 2, '': 3 });

test('pointer parsing and formatting, with ~0 / ~1 escapes', () => {
  assert.deepEqual(parsePointer(''), []);
  assert.deepEqual(parsePointer('/a~1b/m~0n/0'), ['a/b', 'm~n', '0']);
  assert.deepEqual(parsePointer('/~01'), ['~1'], '~01 decodes to ~1, not /');
  assert.deepEqual(parsePointer('/'), ['']);
  assert.equal(formatPointer(['a/b', 'm~n', '0']), '/a~1b/m~0n/0');
  assert.equal(formatPointer(['~1']), '/~01');
  assert.throws(() => parsePointer('a'), PatchError);
  assert.throws(() => parsePointer('/a~2'), PatchError);
  assert.throws(() => parsePointer('/a~'), PatchError);
});

test('getValue follows RFC 6901 examples', () => {
  const doc = base();
  assert.equal(getValue(doc, '/a~1b'), 1);
  assert.equal(getValue(doc, '/m~0n'), 2);
  assert.equal(getValue(doc, '/'), 3);
  assert.equal(getValue(doc, '/list/1'), 'b');
  assert.equal(getValue(doc, ''), doc);
  assert.throws(() => getValue(doc, '/list/01'), PatchError);
  assert.throws(() => getValue(doc, '/list/3'), PatchError);
  assert.throws(() => getValue(doc, '/nope/x'), PatchError);
});

test('add, replace, remove on objects', () => {
  const { doc, changes } = applyPatch(base(), [
    { op: 'add', path: '/server/host', value: 'localhost' },
    { op: 'replace', path: '/server/port', value: 9090 },
    { op: 'remove', path: '/a~1b' },
    { op: 'replace', path: '/m~0n', value: { deep: true } },
    { op: 'add', path: '/server/port', value: 9191 }, // add on an existing member replaces it
  ]);
  assert.deepEqual(doc.server, { port: 9191, host: 'localhost' });
  assert.equal('a/b' in doc, false);
  assert.deepEqual(doc['m~n'], { deep: true });
  assert.deepEqual(changes.map((c) => [c.op, c.path, c.oldValue, c.value]), [
    ['add', '/server/host', undefined, 'localhost'],
    ['replace', '/server/port', 8080, 9090],
    ['remove', '/a~1b', 1, undefined],
    ['replace', '/m~0n', 2, { deep: true }],
    ['add', '/server/port', 9090, 9191],
  ]);
});

test('add, replace, remove on arrays, and "-" appends', () => {
  const { doc, changes } = applyPatch(base(), [
    { op: 'add', path: '/list/1', value: 'x' }, // insert, shifting the rest
    { op: 'add', path: '/list/-', value: 'end' },
    { op: 'add', path: '/list/5', value: 'last' }, // index == length is allowed for add
    { op: 'replace', path: '/list/0', value: 'A' },
    { op: 'remove', path: '/list/2' },
  ]);
  assert.deepEqual(doc.list, ['A', 'x', 'c', 'end', 'last']);
  assert.equal(changes[1].path, '/list/4', '"-" is reported as the real index');
  assert.equal(changes[4].oldValue, 'b');
});

test('replacing the root swaps the whole document', () => {
  assert.deepEqual(applyPatch({ a: 1 }, [{ op: 'replace', path: '', value: [1] }]).doc, [1]);
});

test('the input document is never modified, and values are not aliased', () => {
  const original = base();
  const value = { nested: [1] };
  const { doc } = applyPatch(original, [{ op: 'add', path: '/obj', value }]);
  value.nested.push(2);
  assert.deepEqual(original, base());
  assert.deepEqual(doc.obj, { nested: [1] });
});

test('errors on a missing path, bad index or unsupported op, atomically', () => {
  const original = base();
  const bad = [
    [{ op: 'remove', path: '/missing' }],
    [{ op: 'replace', path: '/missing', value: 1 }],
    [{ op: 'add', path: '/missing/child', value: 1 }],
    [{ op: 'remove', path: '/list/3' }],
    [{ op: 'remove', path: '/list/-' }],
    [{ op: 'add', path: '/list/4', value: 1 }],
    [{ op: 'add', path: '/list/x', value: 1 }],
    [{ op: 'add', path: '/server/port/x', value: 1 }],
    [{ op: 'add', path: '/x' }],
    [{ op: 'move', from: '/a', path: '/b' }],
    [{ op: 'remove', path: '' }],
  ];
  for (const patch of bad) {
    assert.throws(() => applyPatch(original, patch), PatchError, JSON.stringify(patch));
  }
  // The first operation succeeds, the second fails: nothing at all is applied.
  assert.throws(() => applyPatch(original, [
    { op: 'replace', path: '/server/port', value: 1 },
    { op: 'remove', path: '/nope' },
  ]), /operation 1: path not found: \/nope/);
  assert.deepEqual(original, base());
});

test('a "__proto__" key stays a plain property', () => {
  const doc = {};
  applyOperation(doc, { op: 'add', path: '/__proto__', value: { polluted: true } });
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.equal({}.polluted, undefined);
  assert.deepEqual(getValue(doc, '/__proto__'), { polluted: true });
});
