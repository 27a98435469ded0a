// Hostile inputs, one exported table per category. Each case feeds one input
// that comes from someone else (a seed, an inventory, a workspace, a wizard)
// and must be refused with a message a person can act on. Add a row to extend.
import { validateSpec } from '../../../src/core/controlplane/spec';
import { checkArtifactSource } from '../../../src/core/bootstrap/inputs';
import { kubeletFlags, type NodeSettings } from '../../../src/core/bootstrap/configs';
import { certCredentialsOf, checkServerUrl } from '../../../src/core/kube/certKubeconfig';
import { checkLabels } from '../../../src/core/labels';
import { parseCsvInventory, parseYamlInventory } from '../../../src/core/inventory/inventory';
import { ignoredWorkspaceKeys, ignoredWorkspaceMessage, trustedSetting, type Inspectable, type TrustedSettingKey } from '../../../src/extension/settings/trusted';
import { plainL10n } from '../../../src/extension/tree/l10nTypes';
import { kubeconfigWith } from './fixtures';

export interface HostileCase {
  /** What the hostile input is, for the test name. */
  what: string;
  /** Feeds the input; must throw (or reject). */
  run: () => unknown;
  /** The refusal's message must match. */
  message: RegExp;
}

const sha = 'a'.repeat(64);
const node: NodeSettings = { nodeName: 'd1', nodeIp: '10.213.0.10', controlPlane: 'edge-a', systemd: false, cgroupVersion: 1, swapOn: false, snapshotter: 'native', podCidr: '10.214.7.0/24', labels: {}, resolvConf: '/etc/resolv.conf', restrictOomScoreAdj: false };

export const names: HostileCase[] = [
  { what: 'control-plane name with a shell command', run: () => validateSpec({ name: 'a;rm -rf /' }), message: /"a;rm -rf \/" is not a valid control-plane name/ },
  { what: 'control-plane name with a path', run: () => validateSpec({ name: '../kube-system' }), message: /is not a valid control-plane name/ },
  { what: 'control-plane name starting with "-"', run: () => validateSpec({ name: '-n' }), message: /is not a valid control-plane name/ },
  { what: 'control-plane name with upper case and "_"', run: () => validateSpec({ name: 'Edge_A' }), message: /is not a valid control-plane name/ },
  { what: 'inventory host name with a blank and a flag', run: () => parseCsvInventory('name,host\nd1 --kubeconfig=/x,10.0.0.1'), message: /cannot be a Node name/ },
  { what: 'inventory host name with "$(...)"', run: () => parseCsvInventory('name,host\n$(reboot),10.0.0.1'), message: /cannot be a Node name/ },
  { what: 'kubelet node name with a blank', run: () => kubeletFlags({ ...node, nodeName: 'd1 --anonymous-auth=true' }), message: /cannot be a Node name/ },
];

export const labels: HostileCase[] = [
  { what: 'value that adds kubelet flags', run: () => kubeletFlags({ ...node, labels: { site: 'x --anonymous-auth=true --authorization-mode=AlwaysAllow' } }), message: /label value "x --anonymous-auth=true --authorization-mode=AlwaysAllow" may hold only/ },
  { what: 'value that adds a label with ","', run: () => kubeletFlags({ ...node, labels: { site: 'x,node-role.kubernetes.io/control-plane=' } }), message: /label value "x,node-role.kubernetes.io\/control-plane=" may hold only/ },
  { what: 'value with "$(...)"', run: () => checkLabels({ site: '$(id)' }, 'Labels'), message: /label value "\$\(id\)" may hold only/ },
  { what: 'value with a newline', run: () => checkLabels({ site: 'a\nb' }, 'Labels'), message: /label value "a\\u000ab" may hold only/ },
  { what: 'value longer than 63 characters', run: () => checkLabels({ site: 'a'.repeat(64) }, 'Labels'), message: /longer than 63 characters/ },
  { what: 'key with a blank', run: () => checkLabels({ 'my site': 'a' }, 'Labels'), message: /label key "my site" may hold only/ },
  { what: 'key with two "/"', run: () => checkLabels({ 'a/b/c': 'x' }, 'Labels'), message: /has more than one "\/"/ },
  { what: 'key with an upper-case prefix', run: () => checkLabels({ 'Example.com/site': 'x' }, 'Labels'), message: /is not a DNS subdomain/ },
  { what: 'empty key', run: () => checkLabels({ '': 'x' }, 'Labels'), message: /a label key cannot be empty/ },
  { what: 'value from an inventory YAML', run: () => parseYamlInventory('all:\n  hosts:\n    d1:\n      ansible_host: 10.0.0.1\n      edgeplane_labels: { site: "a b" }\n'), message: /inventory.yaml:3: host "d1": label value "a b" may hold only/ },
];

export const urls: HostileCase[] = [
  { what: 'mirror with a file: URL', run: () => checkArtifactSource({ kind: 'mirror', url: 'file:///etc/shadow', sha256: sha }), message: /must be http\(s\), not "file:"/ },
  { what: 'mirror with a blank', run: () => checkArtifactSource({ kind: 'mirror', url: 'https://m/b.tgz -o /etc/passwd', sha256: sha }), message: /contains blanks or control characters/ },
  { what: 'mirror with a double quote and $(...)', run: () => checkArtifactSource({ kind: 'mirror', url: 'https://m/b"$(reboot)".tgz', sha256: sha }), message: /characters a URL must percent-encode/ },
  { what: 'mirror with a backtick', run: () => checkArtifactSource({ kind: 'mirror', url: 'https://m/`id`.tgz', sha256: sha }), message: /characters a URL must percent-encode/ },
  { what: 'mirror refusal never shows its credentials or query', run: () => checkArtifactSource({ kind: 'mirror', url: 'ftp://user:hunter2@m/b.tgz?sig=SECRET', sha256: sha }), message: /^The bundle mirror ftp:\/\/\*\*\*@m\/b\.tgz\?\*\*\* was refused/ },
  { what: 'mirror with a checksum that is not a SHA-256', run: () => checkArtifactSource({ kind: 'mirror', url: 'https://m/b.tgz', sha256: 'abc; reboot' }), message: /SHA-256 is not 64 lower-case hex digits/ },
  { what: 'apiserver over plain http in a stored kubeconfig', run: () => checkServerUrl('http://10.0.0.1:31000'), message: /not an https URL/ },
  { what: 'apiserver URL with credentials', run: () => checkServerUrl('https://u:p@10.0.0.1:31000'), message: /carries credentials/ },
  { what: 'apiserver URL with a path and query', run: () => checkServerUrl('https://10.0.0.1:31000/api?x=1'), message: /has a path, query or fragment/ },
];

const inventoryCsv = (row: string, header = 'name,host,user,proxyjump'): (() => unknown) => () => parseCsvInventory(`${header}\n${row}`);

export const hosts: HostileCase[] = [
  { what: 'address with a shell command', run: inventoryCsv('d1,host;rm -rf /'), message: /host "d1" has an invalid address "host;rm -rf \/"/ },
  { what: 'address that is an ssh option', run: inventoryCsv('d1,-oProxyCommand=sh -c id'), message: /has an invalid address "-oProxyCommand=sh -c id"/ },
  { what: 'jump host that is an ssh option', run: inventoryCsv('d1,10.0.0.1,,-oProxyCommand=sh'), message: /has an invalid jump host "-oProxyCommand=sh"/ },
  { what: 'jump host with two users', run: inventoryCsv('d1,10.0.0.1,,edge@edge@x'), message: /has an invalid jump host "edge@edge@x"/ },
  { what: 'user with a shell command', run: inventoryCsv('d1,10.0.0.1,root;id'), message: /has an invalid user "root;id"/ },
  { what: 'port out of range', run: inventoryCsv('d1,10.0.0.1,99999', 'name,host,port'), message: /has an invalid port "99999"/ },
];

const refusedKubeconfig = (parts: Parameters<typeof kubeconfigWith>[0]): (() => unknown) => () =>
  certCredentialsOf(kubeconfigWith(parts), 'The admin kubeconfig of control plane "a"', 'Run create again.');

export const kubeconfigs: HostileCase[] = [
  { what: 'exec plugin', run: refusedKubeconfig({ user: { exec: { command: '/bin/sh', args: ['-c', 'id'] } } }), message: /control plane "a" was refused: its user carries "exec" \(an exec plugin/ },
  { what: 'auth-provider with a cmd-path', run: refusedKubeconfig({ user: { 'auth-provider': { name: 'gcp', config: { 'cmd-path': '/bin/sh' } } } }), message: /carries "auth-provider"/ },
  { what: 'tokenFile pointing at a private key', run: refusedKubeconfig({ user: { tokenFile: '~/.ssh/id_ed25519' } }), message: /carries "tokenFile" \(a token file/ },
  { what: 'bearer token', run: refusedKubeconfig({ user: { token: 'abc' } }), message: /carries "token"/ },
  { what: 'client key read from a local file', run: refusedKubeconfig({ user: { 'client-key': '/home/me/.ssh/id_rsa', 'client-key-data': undefined } }), message: /carries "client-key"/ },
  { what: 'basic auth', run: refusedKubeconfig({ user: { username: 'a', password: 'b' } }), message: /carries "username"/ },
  { what: 'impersonation', run: refusedKubeconfig({ user: { as: 'system:admin' } }), message: /carries "as" \(impersonation\)/ },
  { what: 'TLS verification off', run: refusedKubeconfig({ cluster: { 'insecure-skip-tls-verify': true } }), message: /carries "insecure-skip-tls-verify"/ },
  { what: 'a proxy', run: refusedKubeconfig({ cluster: { 'proxy-url': 'http://evil:3128' } }), message: /carries "proxy-url"/ },
  { what: 'CA from a local file', run: refusedKubeconfig({ cluster: { 'certificate-authority': '/etc/shadow' } }), message: /carries "certificate-authority"/ },
  { what: 'server elsewhere over http', run: refusedKubeconfig({ cluster: { server: 'http://evil.example:80' } }), message: /not an https URL/ },
  { what: 'a second user', run: () => certCredentialsOf(kubeconfigWith().replace('users:\n', 'users:\n  - name: other\n    user: { exec: { command: sh } }\n'), 'The admin kubeconfig of control plane "a"', 'x'), message: /exactly one entry under "users"/ },
  { what: 'a key that is not a key', run: refusedKubeconfig({ user: { 'client-key-data': Buffer.from('not a key').toString('base64') } }), message: /"client-key-data" is not a PEM private key/ },
  { what: 'YAML aliases', run: () => certCredentialsOf('a: &x [1]\nb: *x\n', 'The admin kubeconfig of control plane "a"', 'x'), message: /not valid YAML/ },
];

export const inventories: HostileCase[] = [
  { what: 'a plain-text password', run: inventoryCsv('d1,10.0.0.1,hunter2', 'name,host,password'), message: /password holds a plain-text password/ },
  { what: 'a reference to another stored secret', run: inventoryCsv('d1,10.0.0.1,secret:edgeplane.ssh.password.edge@other', 'name,host,password'), message: /names an invalid secret "edgeplane.ssh.password.edge@other"/ },
  { what: 'a reference with a path', run: inventoryCsv('d1,10.0.0.1,secret:../x', 'name,host,sudopassword'), message: /sudoPassword names an invalid secret "..\/x"/ },
  { what: 'a label that adds a label', run: inventoryCsv('d1,10.0.0.1,"site=a,role=master"', 'name,host,labels'), message: /label value "a,role=master" may hold only/ },
  { what: 'the same device twice', run: () => parseCsvInventory('name,host\nd1,10.0.0.1\nd1,10.0.0.2'), message: /host "d1" is defined twice/ },
  { what: 'YAML that is not an inventory', run: () => parseYamlInventory('- rm -rf /\n'), message: /must be a mapping with an "all" group/ },
];

/** A WorkspaceConfiguration whose user value is `user` and whose workspace (a cloned repository) sets `workspace`. */
const config = (key: string, user: unknown, workspace: unknown): Inspectable => ({
  inspect: <T>(k: string) => (k === key ? { defaultValue: undefined as T | undefined, globalValue: user as T, workspaceValue: workspace as T } : undefined),
});

/** A workspace value of a trusted setting is never used; the refusal is the log line naming it. */
function workspaceIgnored(key: TrustedSettingKey, user: unknown, workspace: unknown): () => unknown {
  return () => {
    const cfg = config(key, user, workspace);
    const got = trustedSetting<unknown>(cfg, key);
    if (JSON.stringify(got) !== JSON.stringify(user)) return got; // not refused: the case fails
    throw new Error(ignoredWorkspaceMessage(ignoredWorkspaceKeys(cfg), plainL10n));
  };
}

export const settings: HostileCase[] = [
  { what: 'workspace seeds with an exec-plugin kubeconfig', run: workspaceIgnored('seeds', [], [{ name: 'evil', context: 'x', kubeconfig: './evil.kubeconfig' }]), message: /sets edgeplane.seeds in its settings; Edgeplane ignores them/ },
  { what: 'workspace known_hosts', run: workspaceIgnored('ssh.knownHostsFile', '~/.ssh/known_hosts', './known_hosts'), message: /sets edgeplane.ssh.knownHostsFile/ },
  { what: 'workspace SSH config (ProxyCommand)', run: workspaceIgnored('ssh.configFile', '~/.ssh/config', './ssh_config'), message: /sets edgeplane.ssh.configFile/ },
  { what: 'workspace bundle path', run: workspaceIgnored('bootstrap.bundlePath', '', './evil.tgz'), message: /sets edgeplane.bootstrap.bundlePath/ },
  { what: 'workspace artefact mirror', run: workspaceIgnored('bootstrap.artifactMirror', '', 'https://evil/b.tgz'), message: /sets edgeplane.bootstrap.artifactMirror/ },
  { what: 'workspace image registry', run: workspaceIgnored('imageRegistry', '', 'evil.example'), message: /sets edgeplane.imageRegistry/ },
];

export const allCategories = { names, labels, urls, hosts, kubeconfigs, inventories, settings };
