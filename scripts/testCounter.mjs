// A node:test reporter that counts tests per file, as node's own summary counts
// them (every test that is not a suite), so runTests.mjs can print the figures by
// kind (static, unit, webview, integration, e2e). Writes one JSON object at the end.
export default async function* testCounter(source) {
  const files = {};
  for await (const e of source) {
    if (e.type !== 'test:pass' && e.type !== 'test:fail') continue;
    if (e.data.details?.type === 'suite') continue;
    const c = (files[e.data.file ?? '?'] ??= { tests: 0, pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 });
    c.tests += 1;
    if (e.data.skip !== undefined) c.skipped += 1;
    else if (e.data.todo !== undefined) c.todo += 1;
    else if (e.type === 'test:pass') c.pass += 1;
    else if (e.data.details?.error?.failureType === 'cancelledByParent') c.cancelled += 1;
    else c.fail += 1;
  }
  yield `${JSON.stringify({ files })}\n`;
}
