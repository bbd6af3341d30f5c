// RFC 6901 JSON Pointer and the subset of RFC 6902 JSON Patch that the Vortex
// protocol sends (add, remove, replace). Plain functions, no dependencies, so the
// same file runs in the browser and under `node --test`.

/** Thrown for a malformed pointer or an operation that cannot be applied. */
export class PatchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PatchError';
  }
}

/** "/a~1b/0" -> ["a/b", "0"]; "" -> [] (the whole document). */
export function parsePointer(pointer) {
  if (typeof pointer !== 'string') throw new PatchError('pointer must be a string');
  if (pointer === '') return [];
  if (pointer[0] !== '/') throw new PatchError(`pointer must start with "/": ${pointer}`);
  // Order matters (RFC 6901 §4): "~01" must become "~1", not "/".
  return pointer.slice(1).split('/').map((t) => {
    if (/~[^01]|~$/.test(t)) throw new PatchError(`bad escape in pointer: ${pointer}`);
    return t.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

/** ["a/b", "0"] -> "/a~1b/0" (the inverse of parsePointer). */
export function formatPointer(tokens) {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

const isContainer = (v) => v !== null && typeof v === 'object';
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

// Array index per RFC 6901: "0" or digits without a leading zero. `max` is the
// largest index allowed (length for add, length - 1 otherwise).
function arrayIndex(arr, token, max, pointer) {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`bad array index "${token}" in ${pointer}`);
  const i = Number(token);
  if (i > max) throw new PatchError(`index ${i} out of bounds in ${pointer}`);
  return i;
}

// defineProperty, not assignment: a key named "__proto__" must become a plain
// own property instead of swapping the object's prototype.
function setOwn(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The value at `pointer`, or throws PatchError when the path does not exist. */
export function getValue(doc, pointer) {
  let node = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, node.length - 1, pointer)];
    else if (isContainer(node) && hasOwn(node, token)) node = node[token];
    else throw new PatchError(`path not found: ${pointer}`);
  }
  return node;
}

/**
 * Applies one operation to `doc` IN PLACE and returns
 * { doc, path, oldValue } — doc is new only when the root itself is replaced,
 * path is the resolved pointer ("-" becomes the real index), oldValue is the
 * value that was replaced or removed (undefined for a pure insert).
 */
export function applyOperation(doc, operation) {
  const { op, path } = operation ?? {};
  if (op !== 'add' && op !== 'remove' && op !== 'replace') {
    throw new PatchError(`unsupported op: ${op}`);
  }
  if ((op === 'add' || op === 'replace') && !hasOwn(operation, 'value')) {
    throw new PatchError(`${op} without a value at ${path}`);
  }
  // Copy the value so that later operations never alias the incoming message.
  const value = op === 'remove' ? undefined : structuredClone(operation.value);
  const tokens = parsePointer(path);

  if (tokens.length === 0) {
    // The root: add/replace swap the whole document; removing it makes no sense here.
    if (op === 'remove') throw new PatchError('cannot remove the whole document');
    return { doc: value, path: '', oldValue: doc };
  }

  const last = tokens[tokens.length - 1];
  const parentPointer = formatPointer(tokens.slice(0, -1));
  const parent = getValue(doc, parentPointer);

  if (Array.isArray(parent)) {
    if (op === 'add') {
      const i = last === '-' ? parent.length : arrayIndex(parent, last, parent.length, path);
      parent.splice(i, 0, value);
      return { doc, path: formatPointer([...tokens.slice(0, -1), String(i)]), oldValue: undefined };
    }
    const i = arrayIndex(parent, last, parent.length - 1, path);
    const oldValue = parent[i];
    if (op === 'remove') parent.splice(i, 1);
    else parent[i] = value;
    return { doc, path, oldValue };
  }

  if (!isContainer(parent)) throw new PatchError(`parent of ${path} is not an object or array`);
  const exists = hasOwn(parent, last);
  if (op !== 'add' && !exists) throw new PatchError(`path not found: ${path}`);
  const oldValue = exists ? parent[last] : undefined;
  if (op === 'remove') delete parent[last];
  else setOwn(parent, last, value);
  return { doc, path, oldValue };
}

/**
 * Applies a whole patch atomically (RFC 6902 §5: if one operation fails, the
 * patch fails): works on a copy and leaves `doc` untouched on error. Returns
 * { doc, changes: [{ op, path, oldValue, value }] } in application order.
 */
export function applyPatch(doc, patch) {
  if (!Array.isArray(patch)) throw new PatchError('patch must be an array');
  let result = structuredClone(doc);
  const changes = [];
  patch.forEach((operation, index) => {
    try {
      const applied = applyOperation(result, operation);
      result = applied.doc;
      changes.push({ op: operation.op, path: applied.path, oldValue: applied.oldValue, value: operation.value });
    } catch (e) {
      if (e instanceof PatchError) e.message = `operation ${index}: ${e.message}`;
      throw e;
    }
  });
  return { doc: result, changes };
}
