// Fleet inventories: Ansible-style YAML or INI (inventoryIni.ts) (all/children/hosts with ansible_host,
// ansible_user, ansible_port, ansible_ssh_private_key_file) and a plain CSV
// (name,host,user,port,identityFile,...). Errors name the line or the host.
// Passwords are never taken from the file in plain text: a password field may
// only name a SecretStore key ("secret:KEY"), resolved by the caller.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { expandTilde } from '../ssh/sshConfig';
import { checkUnique, invalid, secretRef, validate, type InventoryHost } from './host';
import { looksLikeIni, parseIniInventory } from './inventoryIni';

export { checkUnique, invalid, secretRef, validate, type InventoryHost } from './host';

// ---- YAML ----

type Vars = Record<string, unknown>;

function jsonOf(node: unknown): unknown {
  if (isMap(node) || isSeq(node) || isScalar(node)) return (node as { toJSON(): unknown }).toJSON();
  return node;
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return String(v);
}

function jumpFromArgs(v: unknown): string | undefined {
  const m = /-J\s+(\S+)|ProxyJump=(\S+)/.exec(str(v) ?? '');
  return m?.[1] ?? m?.[2]?.replace(/["']/g, '');
}

export function parseYamlInventory(text: string, file = 'inventory.yaml', home?: string): InventoryHost[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lc.linePos(e.pos[0]);
    throw invalid(`${file}:${pos.line}`, `the YAML cannot be parsed (${e.message.split('\n')[0]}).`, 'Fix the syntax at that line.');
  }
  const where = (n: YamlNode | null | undefined): string => (n?.range ? `${file}:${lc.linePos(n.range[0]).line}` : file);
  const root = doc.contents;
  if (!isMap(root)) throw invalid(file, 'the inventory must be a mapping with an "all" group (Ansible YAML format).', 'Start it with "all:" and list hosts under "hosts:" or "children:".');
  const found = new Map<string, InventoryHost>();
  const walk = (groupName: string, group: YAMLMap | null, inherited: Vars, groups: string[]): void => {
    if (group === null) return;
    if (!isMap(group)) throw invalid(where(group as YamlNode), `group "${groupName}" must be a mapping.`, 'Use hosts:, vars: and children: under a group.');
    const vars: Vars = { ...inherited, ...((jsonOf(group.get('vars', true)) as Vars | undefined) ?? {}) };
    const hosts = group.get('hosts', true);
    if (hosts !== undefined && hosts !== null) {
      if (!isMap(hosts)) throw invalid(where(hosts as YamlNode), `"hosts" of group "${groupName}" must be a mapping of host names.`, 'Write each host as "name:" with its variables indented below.');
      for (const pair of hosts.items) {
        const name = String(jsonOf(pair.key));
        const hv = { ...vars, ...((jsonOf(pair.value) as Vars | null) ?? {}) };
        const src = where(pair.key as YamlNode);
        const portText = str(hv.ansible_port ?? hv.ansible_ssh_port);
        const labels: Record<string, string> = {};
        const lv = hv.edgeplane_labels;
        if (lv && typeof lv === 'object') for (const [k, v] of Object.entries(lv as Vars)) labels[k] = String(v);
        const prev = found.get(name);
        const h: InventoryHost = {
          name,
          host: str(hv.ansible_host ?? hv.ansible_ssh_host) ?? name,
          user: str(hv.ansible_user ?? hv.ansible_ssh_user),
          port: portText === undefined ? undefined : Number(portText),
          identityFile: (() => {
            const f = str(hv.ansible_ssh_private_key_file);
            return f ? expandTilde(f, home) : undefined;
          })(),
          passwordRef: secretRef(`${src} (host "${name}")`, 'ansible_ssh_pass', str(hv.ansible_ssh_pass ?? hv.ansible_password)),
          sudoPasswordRef: secretRef(`${src} (host "${name}")`, 'ansible_become_pass', str(hv.ansible_become_pass ?? hv.ansible_become_password)),
          proxyJump: str(hv.edgeplane_proxy_jump) ?? jumpFromArgs(hv.ansible_ssh_common_args),
          labels: { ...(prev?.labels ?? {}), ...labels },
          groups: [...new Set([...(prev?.groups ?? []), ...groups, groupName])],
          source: prev?.source ?? src,
        };
        found.set(name, validate(h));
      }
    }
    const children = group.get('children', true);
    if (children !== undefined && children !== null) {
      if (!isMap(children)) throw invalid(where(children as YamlNode), `"children" of group "${groupName}" must be a mapping of groups.`, 'Write each child group as "name:".');
      for (const pair of children.items) walk(String(jsonOf(pair.key)), pair.value as YAMLMap | null, vars, [...groups, groupName]);
    }
  };
  const all = root.get('all', true);
  if (all !== undefined) walk('all', all as unknown as YAMLMap, {}, []);
  else for (const pair of root.items) walk(String(jsonOf(pair.key)), pair.value as YAMLMap | null, {}, []);
  const hosts = [...found.values()].map((h) => ({ ...h, groups: h.groups.filter((g) => g !== 'all') }));
  if (hosts.length === 0) throw invalid(file, 'the inventory lists no hosts.', 'Add hosts under all.hosts or a child group.');
  return checkUnique(hosts);
}

// ---- CSV ----

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

const csvColumns = ['name', 'host', 'user', 'port', 'identityfile', 'password', 'sudopassword', 'proxyjump', 'labels'];

/** Header row required: name,host[,user,port,identityFile,password,sudoPassword,proxyJump,labels]; labels as "k=v;k=v". */
export function parseCsvInventory(text: string, file = 'inventory.csv', home?: string): InventoryHost[] {
  const lines = text.split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() && !l.trim().startsWith('#'));
  if (headerIdx < 0) throw invalid(file, 'the CSV is empty.', 'Start it with a header line: name,host,user,port,identityFile');
  const header = splitCsvLine(lines[headerIdx] as string).map((h) => h.toLowerCase());
  const unknown = header.filter((h) => !csvColumns.includes(h));
  if (unknown.length > 0) throw invalid(`${file}:${headerIdx + 1}`, `unknown column(s) ${unknown.join(', ')}.`, `Use the columns ${csvColumns.join(', ')}.`);
  if (!header.includes('name') || !header.includes('host')) throw invalid(`${file}:${headerIdx + 1}`, 'the header needs at least the columns name and host.', 'Start it with: name,host,user,port,identityFile');
  const hosts: InventoryHost[] = [];
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    const src = `${file}:${i + 1}`;
    const cells = splitCsvLine(raw);
    if (cells.length > header.length) throw invalid(src, `${cells.length} fields but the header has ${header.length}.`, 'Quote fields that contain commas.');
    const get = (c: string): string | undefined => {
      const v = cells[header.indexOf(c)];
      return v === undefined || v === '' ? undefined : v;
    };
    const name = get('name');
    const host = get('host');
    if (!name) throw invalid(src, 'the name is empty.', 'Every line needs a name and a host.');
    if (!host) throw invalid(src, `host "${name}" has no address.`, 'Every line needs a name and a host.');
    const labels: Record<string, string> = {};
    for (const kv of (get('labels') ?? '').split(';').filter(Boolean)) {
      const [k, ...v] = kv.split('=');
      labels[(k ?? '').trim()] = v.join('=').trim();
    }
    const port = get('port');
    const idf = get('identityfile');
    hosts.push(
      validate({
        name,
        host,
        user: get('user'),
        port: port === undefined ? undefined : Number(port),
        identityFile: idf ? expandTilde(idf, home) : undefined,
        passwordRef: secretRef(`${src} (host "${name}")`, 'password', get('password')),
        sudoPasswordRef: secretRef(`${src} (host "${name}")`, 'sudoPassword', get('sudopassword')),
        proxyJump: get('proxyjump'),
        labels,
        groups: [],
        source: src,
      }),
    );
  }
  if (hosts.length === 0) throw invalid(file, 'the CSV lists no hosts.', 'Add one line per device below the header.');
  return checkUnique(hosts);
}

/** Picks the format from the file name (".csv", ".ini"), else INI when the text starts with a [section], else YAML. */
export function parseInventory(text: string, file: string, home?: string): InventoryHost[] {
  if (/\.csv$/i.test(file)) return parseCsvInventory(text, file, home);
  if (/\.(ini|cfg)$/i.test(file) || (!/\.ya?ml$/i.test(file) && looksLikeIni(text))) return parseIniInventory(text, file, home);
  return parseYamlInventory(text, file, home);
}
