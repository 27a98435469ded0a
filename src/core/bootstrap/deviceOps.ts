// Idempotent operations on the device, each checking before it acts.
import { basename } from 'node:path';
import { redactUrl, registerSecret } from '../redact';
import { UserFacingError } from '../errors';
import { shq, type Remote } from '../ssh/exec';
import type { Progress } from '../ports';
import { uploadVerified, type UploadProgress, type UploadResult } from '../ssh/sftp';
import { serviceCommand, sha256, supervisorScript, systemdUnitText } from './configs';
import { binaries, cniPlugins, devicePaths as p, ownedDirs, systemdUnit, type ServiceName } from './paths';
import type { ArtifactSource } from './types';

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Writes `content` to `path` unless it already holds exactly that. Content goes over stdin, never a command line. */
export async function writeFileIfChanged(remote: Remote, path: string, content: string, mode: string, signal?: AbortSignal): Promise<boolean> {
  const script = `f=${shq(path)}
if [ -f "$f" ] && [ "$(sha256sum "$f" | cut -d' ' -f1)" = ${sha256(content)} ]; then cat >/dev/null; echo same; exit 0; fi
mkdir -p "$(dirname "$f")" && umask 077 && cat > "$f.tmp" && chmod ${mode} "$f.tmp" && mv -f "$f.tmp" "$f" && echo wrote`;
  const r = await remote.sudo(script, { stdin: content, quiet: true, signal });
  if (r.code !== 0) throw remote.failure(`Writing ${path}`, r);
  return r.stdout.includes('wrote');
}

/** Records, once, which of the directories a bootstrap may create did not exist yet. */
export async function recordCreatedDirs(remote: Remote, signal?: AbortSignal): Promise<void> {
  const script = `[ -f ${p.createdDirsFile} ] && exit 0
list=""
for d in ${ownedDirs.join(' ')}; do [ -e "$d" ] || list="$list$d\n"; done
mkdir -p ${p.stateDir} && chmod 0755 ${p.stateDir} && printf "$list" > ${p.createdDirsFile}.tmp && mv ${p.createdDirsFile}.tmp ${p.createdDirsFile}`;
  await remote.sudoCheck('Recording the device\'s state before install', script, { quiet: true, signal });
}

export async function installedBundle(remote: Remote, signal?: AbortSignal): Promise<string | undefined> {
  const r = await remote.sudo(`cat ${p.bundleMarker} 2>/dev/null || true`, { quiet: true, signal });
  return r.stdout.trim() || undefined;
}

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

/** "bundle upload: 12.3 MB of 62.2 MB (20 %) at 480 kB/s": what a person watching a slow link wants to see. */
export function uploadProgressMessage(p: UploadProgress): string {
  return `bundle upload: ${mb(p.done)} of ${mb(p.total)} (${Math.floor((p.done * 100) / Math.max(1, p.total))} %) at ${(p.rate / 1e3).toFixed(0)} kB/s`;
}

/** Reports upload progress as `device: bundle upload: ...` messages (no increment: the step reports its share). */
export function uploadReporter(device: string, progress?: Progress): ((p: UploadProgress) => void) | undefined {
  return progress ? (p) => progress.report({ message: `${device}: ${uploadProgressMessage(p)}` }) : undefined;
}

/**
 * Puts the bundle's binaries in place. The marker is written last: a run cut
 * anywhere before it starts the install over (every command in it overwrites).
 * `upload` says what the upload sent (absent for a mirror download): nothing
 * when the device had the bundle, the rest only when an earlier run was cut.
 */
export async function installBundle(remote: Remote, src: ArtifactSource, signal?: AbortSignal, onProgress?: (p: UploadProgress) => void): Promise<{ uploaded: boolean; upload?: UploadResult }> {
  const user = remote.conn.target.user;
  const staged = `${p.stagingDir}/bundle-${src.sha256.slice(0, 12)}.tar.gz`;
  // A cut upload of this bundle is kept to resume from; those of other bundles are not.
  await remote.sudoCheck('Preparing the upload folder', `install -d -m 0755 ${p.stateDir} && install -d -m 0700 -o ${shq(user)} ${p.stagingDir}
for f in ${p.stagingDir}/bundle-*.partial; do [ "$f" = ${shq(`${staged}.partial`)} ] || rm -f "$f"; done`, { quiet: true, signal });
  let upload: UploadResult | undefined;
  if (src.kind === 'bundle') {
    upload = await uploadVerified(remote, src.path, staged, src.sha256, { signal, onProgress });
  } else {
    // A signed query or userinfo is a credential: scrub it wherever curl or wget might echo it.
    const u = new URL(src.url);
    for (const part of [u.password, u.search.slice(1)]) {
      registerSecret(part);
      registerSecret(safeDecode(part));
    }
    const fetch = `b=${shq(staged)}
if [ -f "$b" ] && [ "$(sha256sum "$b" | cut -d' ' -f1)" = ${src.sha256} ]; then exit 0; fi
if command -v curl >/dev/null; then curl -fsSL --retry 3 -o "$b.partial" ${shq(src.url)}; else wget -q -O "$b.partial" ${shq(src.url)}; fi && mv -f "$b.partial" "$b"
[ "$(sha256sum "$b" | cut -d' ' -f1)" = ${src.sha256} ] || { rm -f "$b"; echo ${shq(`checksum mismatch for ${basename(new URL(src.url).pathname)}`)} >&2; exit 1; }`;
    // The URL may carry credentials or a signed query: the step's title (logged, shown) names it without them.
    await remote.sudoCheck(`Downloading ${redactUrl(src.url)} on the device`, fetch, { signal, quiet: true });
  }
  const x = `${p.libDir}/unpack`;
  const script = `set -e
b=${shq(staged)}
[ "$(sha256sum "$b" | cut -d' ' -f1)" = ${src.sha256} ] || { echo "bundle checksum mismatch" >&2; exit 1; }
rm -rf ${x}; mkdir -p ${x} ${p.binDir} ${p.cniBinDir} ${p.imagesDir}
tar -xzf "$b" -C ${x}
(cd ${x} && sha256sum -c --quiet SHA256SUMS)
for f in ${binaries.join(' ')}; do install -m 0755 ${x}/bin/$f ${p.binDir}/.$f.new && mv -f ${p.binDir}/.$f.new ${p.binDir}/$f; done
for f in ${cniPlugins.join(' ')}; do install -m 0755 ${x}/cni/$f ${p.cniBinDir}/.$f.new && mv -f ${p.cniBinDir}/.$f.new ${p.cniBinDir}/$f; done
rm -f ${p.imagesDir}/*.tar
for f in ${x}/images/*.tar; do install -m 0644 "$f" ${p.imagesDir}/"$(basename "$f")"; done
rm -rf ${x}
echo ${src.sha256} > ${p.bundleMarker}.tmp && mv -f ${p.bundleMarker}.tmp ${p.bundleMarker}
rm -f "$b"`;
  await remote.sudoCheck('Installing the node bundle', script, { signal });
  return { uploaded: (upload?.sent ?? 0) > 0, upload };
}

export async function serviceRunning(remote: Remote, s: ServiceName, systemd: boolean, signal?: AbortSignal): Promise<boolean> {
  const cmd = systemd
    ? `systemctl is-active --quiet edgeplane-${s}`
    : `pid=$(cat ${p.runDir}/${s}.pid 2>/dev/null) && [ "$(readlink /proc/$pid/exe)" = ${p.binDir}/${s} ]`;
  return (await remote.sudo(cmd, { quiet: true, signal })).code === 0;
}

/** Writes the supervisor script or systemd unit for a service; true when it changed. */
export async function writeServiceDefinition(remote: Remote, s: ServiceName, systemd: boolean, signal?: AbortSignal): Promise<boolean> {
  if (!systemd) return writeFileIfChanged(remote, p.supervisor, supervisorScript(), '0755', signal);
  const changed = await writeFileIfChanged(remote, systemdUnit(s), systemdUnitText(s), '0644', signal);
  if (changed) await remote.sudoCheck('systemctl daemon-reload', 'systemctl daemon-reload', { signal });
  return changed;
}

export async function startService(remote: Remote, s: ServiceName, systemd: boolean, signal?: AbortSignal): Promise<void> {
  if (systemd) {
    await remote.sudoCheck(`Starting ${s}`, `systemctl enable --now edgeplane-${s}`, { signal });
    return;
  }
  // setsid + nohup: the loop outlives this SSH session and ignores its hangup.
  const script = `sp=$(cat ${p.runDir}/${s}.supervisor.pid 2>/dev/null)
if [ -n "$sp" ] && kill -0 "$sp" 2>/dev/null && grep -q supervise.sh /proc/$sp/cmdline 2>/dev/null; then exit 0; fi
mkdir -p ${p.runDir} ${p.logDir}
setsid nohup /bin/sh ${p.supervisor} ${s} ${shq(serviceCommand(s))} </dev/null >/dev/null 2>&1 &
exit 0`;
  await remote.sudoCheck(`Starting ${s}`, script, { quiet: true, signal });
}

export async function restartService(remote: Remote, s: ServiceName, systemd: boolean, signal?: AbortSignal): Promise<void> {
  if (systemd) {
    await remote.sudoCheck(`Restarting ${s}`, `systemctl restart edgeplane-${s}`, { signal });
    return;
  }
  // The supervisor notices the exit and starts the service again with the new config.
  await remote.sudo(`pid=$(cat ${p.runDir}/${s}.pid 2>/dev/null) && kill "$pid"; true`, { quiet: true, signal });
  await startService(remote, s, systemd, signal);
}

export async function stopService(remote: Remote, s: ServiceName, systemd: boolean, signal?: AbortSignal): Promise<void> {
  const script = systemd
    ? `systemctl disable --now edgeplane-${s} 2>/dev/null; true`
    : `for f in ${p.runDir}/${s}.supervisor.pid ${p.runDir}/${s}.pid; do pid=$(cat $f 2>/dev/null) && kill "$pid" 2>/dev/null; done
for i in $(seq 1 50); do pid=$(cat ${p.runDir}/${s}.pid 2>/dev/null) || break; kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
pid=$(cat ${p.runDir}/${s}.pid 2>/dev/null) && kill -9 "$pid" 2>/dev/null; rm -f ${p.runDir}/${s}.pid ${p.runDir}/${s}.supervisor.pid; true`;
  await remote.sudo(script, { quiet: true, signal });
}

/**
 * Waits for containerd's socket to answer, then imports each image archive of
 * the bundle (the pause image, and whatever images a site ships with it since
 * its devices cannot pull) whose names containerd lacks. Returns the archives
 * it imported.
 */
export async function ensureBundleImages(remote: Remote, snapshotter: string, signal?: AbortSignal): Promise<string[]> {
  const ctr = `${p.binDir}/ctr -a ${p.containerdSocket} -n k8s.io`;
  const script = `for i in $(seq 1 60); do ${ctr} version >/dev/null 2>&1 && break; sleep 0.5; done
${ctr} version >/dev/null || { echo "containerd did not come up; see ${p.logDir}/containerd.log" >&2; tail -n 5 ${p.logDir}/containerd.log >&2; exit 1; }
have=$(${ctr} images ls -q)
for a in ${p.imagesDir}/*.tar; do
  [ -f "$a" ] || continue
  # The names an archive holds, from containerd's annotation in its index.
  names=$(tar -xOf "$a" index.json | grep -o '"io.containerd.image.name":"[^"]*"' | cut -d'"' -f4)
  missing=0; for n in $names; do printf '%s\n' "$have" | grep -qxF "$n" || missing=1; done
  [ -n "$names" ] && [ $missing = 0 ] && continue
  ${ctr} images import --snapshotter ${snapshotter} "$a" >/dev/null || exit 1
  echo "imported $(basename "$a" .tar)"
done`;
  const r = await remote.sudoCheck('Importing the bundle\'s images into containerd', script, { quiet: true, signal });
  return r.stdout.split('\n').filter((l) => l.startsWith('imported ')).map((l) => l.slice('imported '.length));
}

export async function deviceHasFile(remote: Remote, path: string, signal?: AbortSignal): Promise<boolean> {
  return (await remote.sudo(`test -s ${shq(path)}`, { quiet: true, signal })).code === 0;
}

export async function tailLog(remote: Remote, s: ServiceName, lines = 8): Promise<string> {
  try {
    const r = await remote.sudo(`tail -n ${lines} ${p.logDir}/${s}.log 2>/dev/null || journalctl -u edgeplane-${s} -n ${lines} --no-pager 2>/dev/null`, { quiet: true });
    return r.stdout.trim();
  } catch {
    return '';
  }
}

export function unsupported(what: string): never {
  throw new UserFacingError('bootstrap-unsupported', what, 'See src/core/bootstrap/README.md for what Edgeplane supports.');
}
