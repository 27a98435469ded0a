import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../errors';
import { checkJoinRecord, parseCreatedDirs, parseJoinRecord } from './resetChecks';

const where = 'edge@10.213.0.11:22';
const refused = (code: string, text: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof UserFacingError, String(e));
  assert.equal(e.code, code);
  assert.match(e.message, text);
  assert.match(e.message, /deleted nothing/);
  return true;
};

test('the join record naming the Node lets reset go on, under that name', () => {
  const r = parseJoinRecord('{ "nodeName": "edge-1", "controlPlane": "cp", "server": "https://x" }\n');
  assert.equal(checkJoinRecord(r, { nodeName: 'edge-1', controlPlane: 'cp' }, where), 'edge-1');
  assert.equal(checkJoinRecord(r, {}, where), 'edge-1', 'without a wanted name, the record names it');
});

test('hostile: a device whose join record names another Node is refused, naming both', () => {
  const r = parseJoinRecord('{"nodeName":"someone-else","controlPlane":"cp"}');
  assert.throws(() => checkJoinRecord(r, { nodeName: 'edge-1' }, where), refused('reset-wrong-device', /says it is Node "someone-else".*not "edge-1"/));
  assert.throws(() => checkJoinRecord(r, { nodeName: 'someone-else', controlPlane: 'other-cp' }, where), refused('reset-wrong-device', /control plane "cp".*not of "other-cp"/));
});

test('hostile: a device without a join record, or with garbage in it, is refused', () => {
  assert.throws(() => checkJoinRecord(parseJoinRecord(undefined), { nodeName: 'edge-1' }, where), refused('reset-no-join-record', /10\.213\.0\.11.*no Edgeplane join record/));
  assert.throws(() => checkJoinRecord(parseJoinRecord('{"nodeName": 7}'), { nodeName: 'edge-1' }, where), refused('reset-no-join-record', /node\.json/));
  assert.throws(() => parseJoinRecord('$(reboot)'), refused('reset-bad-join-record', /not the JSON object/));
  assert.throws(() => parseJoinRecord('["edge-1"]'), refused('reset-bad-join-record', /not the JSON object/));
});

test('hostile: a created-dirs record may only name directories Edgeplane owns; a missing record names none', () => {
  assert.equal(parseCreatedDirs(undefined), undefined);
  assert.deepEqual(parseCreatedDirs('/etc/cni\n/\n/home/edge\n/etc/cni\n /opt/cni \n../../etc\n/etc/cni; rm -rf /\n'), ['/etc/cni', '/opt/cni']);
});
