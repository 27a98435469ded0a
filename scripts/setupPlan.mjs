// The decisions of the set-up step (scripts/setup.mjs), as pure functions so that
// unit tests can check every refusal without a fresh machine. Standard library only:
// this runs before any npm dependency is installed.

// The one list of Debian packages the project needs, by who needs them.
export const aptPackageGroups = {
  // the lab's seed and devices; busybox-static for the test image; qemu-user-static for
  // emulated arm64 devices (lab/devices/emulation.ts)
  lab: ['containerd', 'runc', 'containernetworking-plugins', 'iptables', 'iproute2', 'conntrack', 'socat',
    'etcd-server', 'openssh-server', 'openssh-client', 'sudo', 'busybox-static', 'qemu-user-static'],
  // the lab's static C pause binary
  cc: ['gcc', 'libc6-dev'],
  // code-server's native modules (kerberos, pkg-config), its ripgrep (seeded from Debian's),
  // and the browser the end-to-end tests drive
  codeServer: ['libkrb5-dev', 'pkg-config', 'ripgrep', 'chromium'],
  // tooling
  tools: ['git', 'curl', 'ca-certificates'],
};

/** @param {{ lab: boolean, codeServer: boolean }} needs */
export function aptPackagesFor(needs) {
  const g = aptPackageGroups;
  return [...(needs.lab ? [...g.lab, ...g.cc, ...g.tools] : []), ...(needs.codeServer ? g.codeServer : [])];
}

/** @param {string} text the content of /etc/os-release */
export function parseOsRelease(text) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/**
 * What the machine is, and whether the project's set-up can run on it.
 * @param {{ platform: string, arch: string, osRelease?: Record<string, string>, nodeVersion: string }} f
 * @returns {string | undefined} a one-line refusal, or undefined when fine
 */
export function platformProblem(f) {
  const major = Number(f.nodeVersion.replace(/^v/, '').split('.')[0]);
  if (!(major >= 20)) return `Node.js 20 or newer is needed and this is ${f.nodeVersion}: install Node.js 20 (e.g. from https://nodejs.org or NodeSource's Debian packages) and run the command again.`;
  if (f.platform !== 'linux') return `the set-up runs on Debian bookworm (Linux) and this is ${f.platform}: use a Debian 12 machine or VM; the extension alone installs anywhere from dist/edgeplane.vsix (README, "Install the extension").`;
  const id = f.osRelease?.ID ?? 'unknown';
  const like = `${f.osRelease?.ID_LIKE ?? ''}`.split(/\s+/);
  if (id !== 'debian' && !like.includes('debian')) {
    return `the set-up installs Debian packages with apt-get and this is ${f.osRelease?.PRETTY_NAME ?? id}: use Debian 12 (bookworm), or install the packages listed in README.md (Requirements) yourself and run the command again.`;
  }
  if (f.arch !== 'x64') return `the lab builds and runs x86_64 binaries and this machine is ${f.arch}: use an x86_64 Debian machine (arm64 devices are supported as bootstrap targets, not as the lab host).`;
  return undefined;
}

/** Highest `go X.Y[.Z]` directive of the lab's Go modules: the oldest Go that builds them all. */
export function requiredGoVersion(goModTexts) {
  let best = '1.0';
  for (const t of goModTexts) {
    const m = /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(t);
    if (m && compareVersions(m[1], best) > 0) best = m[1];
  }
  return best;
}

export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** "go version go1.26.8 linux/amd64" -> "1.26.8" */
export function parseGoVersion(output) {
  return /\bgo(\d+\.\d+(?:\.\d+)?)\b/.exec(output)?.[1];
}

const goInstallHint = (required) =>
  `install Go ${required} or newer from https://go.dev/dl/ (tar -C /usr/local -xzf go${required}.linux-amd64.tar.gz) and add /usr/local/go/bin to PATH`;

/**
 * @param {{ version?: string, required: string }} g version: what `go version` said, undefined when no go was found
 * @returns {string | undefined}
 */
export function goProblem(g) {
  if (!g.version) return `Go is needed to build the lab's Kubernetes binaries and no go is on PATH (nor in /usr/local/go/bin): ${goInstallHint(g.required)}, then run the command again.`;
  if (compareVersions(g.version, g.required) < 0) return `Go ${g.required} or newer is needed to build the lab's Kubernetes binaries and this is go${g.version}: ${goInstallHint(g.required)}, then run the command again.`;
  return undefined;
}

/**
 * Whether node_modules matches package-lock.json: every package the lockfile pins
 * (optional ones may be absent: they are for other platforms) at that version in
 * npm's own record of what it installed (node_modules/.package-lock.json).
 * @param {string} lockText package-lock.json
 * @param {string | undefined} installedText node_modules/.package-lock.json, undefined when absent
 * @returns {{ state: 'missing' | 'stale' | 'ok', detail: string }}
 */
export function nodeModulesState(lockText, installedText) {
  if (installedText === undefined) return { state: 'missing', detail: 'node_modules is not installed' };
  const want = JSON.parse(lockText).packages ?? {};
  const have = JSON.parse(installedText).packages ?? {};
  const off = [];
  for (const [path, p] of Object.entries(want)) {
    if (!path) continue;
    const h = have[path];
    if (!h ? !p.optional : h.version !== p.version) off.push(path.replace(/^.*node_modules\//, ''));
  }
  if (off.length > 0) return { state: 'stale', detail: `${off.length} package(s) differ from package-lock.json (${off.slice(0, 3).join(', ')}${off.length > 3 ? ', ...' : ''})` };
  return { state: 'ok', detail: 'node_modules matches package-lock.json' };
}

/**
 * Who may do what: the lab needs root; installing Debian packages needs root.
 * @param {{ isRoot: boolean, uid: number, needsLab: boolean, missingApt: string[], command: string, rootlessAlternative?: string }} f
 */
export function privilegeProblem(f) {
  if (f.needsLab && !f.isRoot) {
    return `the lab needs root (network namespaces, mounts, bridges, a kubelet) and this runs as uid ${f.uid}: run \`sudo ${f.command}\`${f.rootlessAlternative ? `, or ${f.rootlessAlternative}` : ''}.`;
  }
  if (f.missingApt.length > 0 && !f.isRoot) {
    return `Debian packages are missing (${f.missingApt.join(' ')}) and installing them needs root: run \`sudo apt-get install -y ${f.missingApt.join(' ')}\` (or \`sudo ${f.command}\`), then run the command again.`;
  }
  return undefined;
}

/**
 * Turns a failed install command's output into one line that says why and what to do.
 * @param {'apt' | 'npm' | 'code-server'} step
 * @param {string} output stdout + stderr of the failed command
 */
export function explainInstallFailure(step, output) {
  const o = output;
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|ENETUNREACH|Temporary failure resolving|Could not resolve|Failed to fetch|Network is unreachable|Unable to connect/i.test(o);
  if (step === 'apt') {
    if (offline) return 'apt-get could not reach the Debian mirrors: check the network and /etc/apt/sources.list (a proxy goes in /etc/apt/apt.conf.d), then run the command again.';
    if (/Could not get lock|is locked|dpkg was interrupted/i.test(o)) return 'apt-get is busy or was interrupted: wait for the other apt run to end (or run `dpkg --configure -a`), then run the command again.';
    if (/Unable to locate package|has no installation candidate/i.test(o)) return 'apt-get does not know some packages: run `apt-get update` and check that the bookworm main repository is in /etc/apt/sources.list.';
    return 'apt-get failed (its output is above): fix what it reports, then run the command again.';
  }
  if (offline) {
    return `${step === 'npm' ? 'npm ci' : 'installing code-server'} could not reach the npm registry (${process.env.npm_config_registry ?? 'https://registry.npmjs.org'}): check the network, or set npm_config_registry / a proxy (npm_config_https_proxy), then run the command again.`;
  }
  if (/EACCES|EPERM|permission denied/i.test(o)) {
    return `${step === 'npm' ? 'npm ci' : 'installing code-server'} may not write where it installs: run the command as the user who owns the checkout (or root), then run it again.`;
  }
  return `${step === 'npm' ? 'npm ci' : 'installing code-server'} failed (its output is above): fix what it reports, then run the command again.`;
}
