// `npm start`: the lab (a seed and two devices, dev-b behind dev-a), the freshly
// packaged extension in code-server with the lab seed and the lab's SSH files in
// its settings, and the URL to open. Stays in the foreground; Ctrl-C stops
// code-server and leaves the lab running.
//
//   npm start                 everything
//   npm start -- --no-lab     code-server with the extension only (no root needed)
//   EDGEPLANE_PORT=8080       port on 127.0.0.1 (default 8080, or a free one if taken)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setupOrExit } from './setup.mjs';

const root = new URL('..', import.meta.url).pathname;
const withLab = !process.argv.includes('--no-lab');
const log = (m) => console.log(`start: ${m}`);

function run(what, cmd, args) {
  log(what);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`start: ${what} failed (exit ${r.status ?? r.signal}); see the output above.`);
    process.exit(r.status ?? 1);
  }
}

async function portIsFree(port) {
  return new Promise((resolve) => {
    const s = createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

// Installs what is missing first (Debian packages, npm ci, code-server), or stops with
// one line that says what to do; npm dependencies are imported only after it.
setupOrExit({
  command: 'npm start',
  needsLab: withLab,
  needsCodeServer: true,
  rootlessAlternative: '`npm start -- --no-lab` for the extension alone',
});
const { tsImport } = await import('tsx/esm/api');

const settings = {};
if (withLab) {
  run('bringing the lab seed up (the first time builds Kubernetes: allow several minutes)', process.execPath, ['scripts/lab.mjs', 'up']);
  run('adding device dev-a', process.execPath, ['scripts/lab.mjs', 'device', 'add', 'dev-a']);
  run('adding device dev-b behind dev-a', process.execPath, ['scripts/lab.mjs', 'device', 'add', 'dev-b', '--behind', 'dev-a']);
  const config = await tsImport('../lab/config.ts', import.meta.url);
  const devicePaths = await tsImport('../lab/devices/paths.ts', import.meta.url);
  settings['edgeplane.seeds'] = [{ name: 'lab', context: config.seedContext, kubeconfig: config.seedKubeconfig }];
  settings['edgeplane.ssh.configFile'] = devicePaths.sshConfigFile;
  settings['edgeplane.ssh.knownHostsFile'] = devicePaths.knownHostsFile;
  // The node bundle Bootstrap Device installs, so it never asks for a file (the
  // linux-arm64 one beside it, if `npm run bundle -- --arch arm64` made it, is found too).
  log('making the node bundle for devices if needed');
  const { ensureNodeBundle } = await tsImport('../components/bundle.ts', import.meta.url);
  settings['edgeplane.bootstrap.bundlePath'] = (await ensureNodeBundle()).path;
}

run('packaging the extension', 'npm', ['run', '--silent', 'package']);

const { startCodeServer } = await tsImport('../test/e2e/harness/codeServer.ts', import.meta.url);
const wanted = Number(process.env.EDGEPLANE_PORT ?? 8080);
const port = (await portIsFree(wanted)) ? wanted : undefined;
const logDir = join(root, '.artifacts', 'start');
mkdirSync(logDir, { recursive: true });
const server = await startCodeServer({
  extensions: [join(root, 'dist', 'edgeplane.vsix')],
  settings,
  workspace: existsSync(join(root, '.artifacts', 'start', 'workspace')) ? join(root, '.artifacts', 'start', 'workspace') : undefined,
  logFile: join(logDir, 'code-server.log'),
  port,
});

console.log(`
Edgeplane is running in code-server. Open:

    ${server.url}

${withLab ? `The lab seed is registered as "lab"; devices dev-a and dev-b (behind dev-a) answer over SSH
(ssh -F ${settings['edgeplane.ssh.configFile']} dev-a).
` : ''}code-server's log: ${join(logDir, 'code-server.log')}
Press Ctrl-C to stop code-server.${withLab ? ' The lab keeps running; stop it with: npm run lab -- down' : ''}
`);

// The harness that started code-server kills its process group on SIGINT/SIGTERM
// and exits; say what is left running on the way out.
process.on('exit', () => {
  console.log(`\nstart: code-server stopped.${withLab ? ' The lab is still running; stop it with: npm run lab -- down' : ''}`);
});
// Keep the event loop alive until a signal arrives.
setInterval(() => {}, 1 << 30);
